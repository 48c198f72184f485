import { main } from '../../client/cli/main';

describe('sync-engine exit codes', () => {
  let stderr: jest.SpyInstance;
  let stdout: jest.SpyInstance;

  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });

  afterEach(() => {
    stderr.mockRestore();
    stdout.mockRestore();
  });

  it('exits 0 for --help and --version', async () => {
    expect(await main(['node', 'sync-engine', '--help'])).toBe(0);
    expect(await main(['node', 'sync-engine', '--version'])).toBe(0);
  });

  it('exits 2 for an unknown command or option', async () => {
    expect(await main(['node', 'sync-engine', 'frobnicate'])).toBe(2);
    expect(await main(['node', 'sync-engine', 'migrate', '--no-such-flag'])).toBe(2);
  });

  it('exits 2 with the variable named when the configuration is bad', async () => {
    const saved = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = 'loud';
    try {
      expect(await main(['node', 'sync-engine', 'migrate'])).toBe(2);
      expect(stderr.mock.calls.join('')).toContain('LOG_LEVEL');
    } finally {
      if (saved === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = saved;
    }
  });

  it('exits 2 when migrate has no database to talk to', async () => {
    const saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      expect(await main(['node', 'sync-engine', 'migrate'])).toBe(2);
      expect(stderr.mock.calls.join('')).toContain('DATABASE_URL is not set');
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL = saved;
    }
  });

  it('exits 2 naming --kind when sync cancel lacks it or gets an unknown one', async () => {
    expect(await main(['node', 'sync-engine', 'sync', 'cancel', '--org', 'org_x'])).toBe(2);
    expect(stderr.mock.calls.join('')).toContain("required option '--kind <kind>' not specified");
    stderr.mockClear();
    expect(await main(['node', 'sync-engine', 'sync', 'cancel', '--org', 'org_x', '--kind', 'weekly'])).toBe(
      2,
    );
    expect(stderr.mock.calls.join('')).toContain("option '--kind <kind>' argument 'weekly' is invalid");
  });

  it('exits 2 naming the flag as typed, not its option key, when dev gets a bad value', async () => {
    expect(await main(['node', 'sync-engine', 'dev', '--records-per-org', 'many'])).toBe(2);
    const message = stderr.mock.calls.join('');
    expect(message).toContain('--records-per-org: ');
    expect(message).not.toContain('recordsPerOrg');
  });
});
