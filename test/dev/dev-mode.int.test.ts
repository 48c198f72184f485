import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { orgListOutput, verifyOutput } from '../../client/cli/output-schemas';
import { projectRoot } from '../../config/project-root.cjs';
import { PollAbortedError, pollUntil } from '../../devstack/poll';
import { isProcessAlive } from '../../devstack/process-alive';

const CLI = path.join(projectRoot(), 'bin', 'sync-engine.js');
/** dev's own servers, not the test run's: an embedded PostgreSQL in its data folder. */
const { DATABASE_URL: _unused, ...ENV_WITHOUT_DATABASE } = process.env;

async function cli(dataDir: string, ...args: string[]) {
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, ...args, '--data-dir', dataDir], {
    env: ENV_WITHOUT_DATABASE,
    maxBuffer: 8 * 1024 * 1024,
  });
  return stdout;
}

/** Every process whose command line mentions the data folder (servers dev started). */
async function processesUsing(dataDir: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)('ps', ['-eo', 'pid,args']);
  return stdout.split('\n').filter((line) => line.includes(dataDir) && !line.includes('ps -eo'));
}

/** Resolves once dev prints that it runs; fails with its output if it exits first. */
function running(dev: { child: ChildProcess; output: () => string }, what: string) {
  return pollUntil(
    () => {
      if (dev.child.exitCode !== null)
        throw new PollAbortedError(`dev exited ${dev.child.exitCode}:\n${dev.output()}`);
      return dev.output().includes('Ctrl-C stops everything');
    },
    { description: what, timeoutMs: 120_000, intervalMs: 200 },
  );
}

function startDev(dataDir: string): { child: ChildProcess; output: () => string } {
  const child = spawn(
    process.execPath,
    [
      CLI,
      'dev',
      '--data-dir',
      dataDir,
      '--orgs',
      '3',
      '--records-per-org',
      '1500',
      '--mutations-per-minute',
      '0',
    ],
    { env: ENV_WITHOUT_DATABASE, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  for (const stream of [child.stdout, child.stderr])
    stream?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function stopDev(dev: { child: ChildProcess }): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => dev.child.once('exit', resolve));
  dev.child.kill('SIGINT');
  return exited;
}

describe('sync-engine dev', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sync-engine-dev-test-'));
  // As root, the embedded PostgreSQL runs as another user, who must reach the folder.
  chmodSync(dataDir, 0o711);
  let dev: ReturnType<typeof startDev> | undefined;

  afterAll(async () => {
    if (dev?.child.exitCode === null) await stopDev(dev);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs everything, syncs its demo orgs exactly, stops cleanly and resumes without re-seeding', async () => {
    dev = startDev(dataDir);
    await running(dev, 'dev to start');
    const orgs = orgListOutput.parse(JSON.parse(await cli(dataDir, 'org', 'list', '--json')));
    expect(orgs).toHaveLength(3);
    for (const org of orgs) {
      const report = await pollUntil(
        async () => {
          const result = verifyOutput.parse(
            JSON.parse(await cli(dataDir, 'verify', '--org', org.id, '--json')),
          );
          return result.drift === 0 &&
            result.pending === 0 &&
            result.entities.every((e) => e.stored === e.source)
            ? result
            : undefined;
        },
        { description: `org ${org.id} to be synced`, timeoutMs: 120_000, intervalMs: 1_000 },
      );
      expect(report.entities.every((entity) => entity.source > 0)).toBe(true);
    }

    expect(await stopDev(dev)).toBe(0);
    await pollUntil(async () => (await processesUsing(dataDir)).length === 0, {
      description: 'every server of dev to stop',
      timeoutMs: 30_000,
    });

    dev = startDev(dataDir);
    await running(dev, 'dev to resume');
    const again = orgListOutput.parse(JSON.parse(await cli(dataDir, 'org', 'list', '--json')));
    expect(again.map((org) => org.id)).toEqual(orgs.map((org) => org.id));
    for (const org of again) {
      const report = verifyOutput.parse(JSON.parse(await cli(dataDir, 'verify', '--org', org.id, '--json')));
      expect(report.drift).toBe(0);
    }
    const pid = dev.child.pid!;
    expect(await stopDev(dev)).toBe(0);
    expect(isProcessAlive(pid)).toBe(false);
    await pollUntil(async () => (await processesUsing(dataDir)).length === 0, {
      description: 'every server of dev to stop',
      timeoutMs: 30_000,
    });
  });
});
