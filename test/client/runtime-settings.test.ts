import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveRuntimeSettings } from '../../client/cli/runtime-settings';
import { writeDevSettings } from '../../devstack/dev-settings';

describe('the webhook URL commands print (org show)', () => {
  const saved = { ...process.env };
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'runtime-settings-'));
    delete process.env.WEBHOOK_PUBLIC_URL;
    delete process.env.WEBHOOK_PORT;
  });

  afterEach(() => {
    process.env = { ...saved };
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is the local receiver on WEBHOOK_PORT by default', () => {
    process.env.WEBHOOK_PORT = '8181';
    expect(resolveRuntimeSettings({}).webhookPublicUrl).toBe('http://127.0.0.1:8181');
  });

  it('is WEBHOOK_PUBLIC_URL when set, without a trailing slash', () => {
    process.env.WEBHOOK_PUBLIC_URL = 'https://hooks.example.com/sync/';
    expect(resolveRuntimeSettings({}).webhookPublicUrl).toBe('https://hooks.example.com/sync');
  });

  it("is where dev's receiver actually listens, with --data-dir", () => {
    process.env.WEBHOOK_PUBLIC_URL = 'https://hooks.example.com';
    writeDevSettings(dataDir, {
      temporalAddress: '127.0.0.1:7233',
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
      embeddedDatabase: false,
      ports: { temporal: 7233, temporalUi: 8233, webhooks: 8090 },
      webhooksUrl: 'http://127.0.0.1:8090',
      demoOrgs: [],
      pid: process.pid,
    });
    expect(resolveRuntimeSettings({ dataDir }).webhookPublicUrl).toBe('http://127.0.0.1:8090');
  });
});
