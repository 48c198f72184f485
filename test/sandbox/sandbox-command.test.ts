import { type CommanderError } from 'commander';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SandboxCommandDeps, sandboxCommand } from '../../sandbox/sandbox.command';
import { SandboxTestClient } from './sandbox-test-client';

/** Runs the command with `args`, capturing what it writes. */
async function run(args: string[], waitForStop?: SandboxCommandDeps['waitForStop']) {
  const output: string[] = [];
  const errors: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output.push(String(chunk));
    return true;
  });
  const command = sandboxCommand({ waitForStop })
    .exitOverride()
    .configureOutput({ writeErr: (text) => errors.push(text), writeOut: (text) => output.push(text) });
  try {
    await command.parseAsync(args, { from: 'user' });
    return { output: output.join(''), errors: errors.join(''), error: undefined };
  } catch (error) {
    return { output: output.join(''), errors: errors.join(''), error: error as CommanderError };
  } finally {
    write.mockRestore();
  }
}

describe('sync-engine sandbox', () => {
  it('starts the orgs, prints their credentials and serves until told to stop', async () => {
    let served: unknown[] = [];
    const result = await run(
      ['--port', '0', '--orgs', '3', '--records-per-org', '200', '--seed', '9', '--connector', 'ticketing'],
      async (sandbox) => {
        const client = new SandboxTestClient(sandbox.url);
        served = await Promise.all(
          sandbox.orgs.map(
            async (org) => (await client.json<{ data: unknown[] }>('/v1/projects', org.token)).data,
          ),
        );
        await client.close();
      },
    );
    expect(result.error).toBeUndefined();
    expect(result.output).toMatch(/Sandbox API on http:\/\/127\.0\.0\.1:\d+/);
    expect(result.output).toContain('admin token: sandbox-admin');
    expect(result.output).toMatch(/org1\s+ticketing\s+cursor\s+sk_test_\S+\s+whsec_/);
    expect(result.output).toMatch(/org2\s+ticketing\s+link\s+/);
    expect(result.output).toMatch(/org3\s+ticketing\s+page\s+/);
    expect(result.output).toContain('Stopping');
    expect(served).toHaveLength(3);
  });

  it('turns background mutations on when asked', async () => {
    const result = await run(
      [
        '--port',
        '0',
        '--orgs',
        '1',
        '--records-per-org',
        '100',
        '--mutations-per-minute',
        '120',
        '--pagination',
        'page',
      ],
      async (sandbox) => {
        const [org] = await sandbox.admin.listOrgs();
        expect(org?.mutations.perMinute).toBe(120);
        expect(org?.pagination).toBe('page');
      },
    );
    expect(result.error).toBeUndefined();
  });

  it('resumes from --state-file: the same orgs and credentials, no seeding', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'sandbox-command-'));
    const stateFile = join(directory, 'sandbox.state');
    const args = ['--port', '0', '--orgs', '2', '--records-per-org', '100', '--state-file', stateFile];
    try {
      const first = await run(args, (sandbox) => sandbox.admin.mutate('org1', { creates: 3 }));
      const second = await run([...args, '--records-per-org', '5000'], async (sandbox) => {
        // The saved 100 records and 3 creates, not 5000 new ones.
        const [org1] = await sandbox.admin.listOrgs();
        expect(Object.values(org1?.records ?? {}).reduce((a, b) => a + b, 0)).toBe(103);
      });
      expect(first.error).toBeUndefined();
      expect(second.error).toBeUndefined();
      expect(first.output).toContain(`state file: ${stateFile} (new; saved on stop)`);
      expect(second.output).toContain(`state file: ${stateFile} (resumed from it; saved on stop)`);
      const credentials = (output: string) => output.match(/org\d\s+hr\s+\w+\s+sk_test_\S+\s+whsec_\S+/g);
      expect(credentials(first.output)).toHaveLength(2);
      expect(credentials(second.output)).toEqual(credentials(first.output));
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it.each([
    [['--port', 'eighty'], /--port: must be a whole number/],
    [['--connector', 'crm'], /--connector: /],
    [['--pagination', 'scroll'], /--pagination: /],
    [['--records-per-org', '0'], /--records-per-org: /],
  ])('refuses %j with a clear message and the usage exit code', async (args, message) => {
    const result = await run(args);
    expect(result.error).toMatchObject({ name: 'CommanderError', exitCode: 2 });
    expect(result.errors).toMatch(message);
  });
});
