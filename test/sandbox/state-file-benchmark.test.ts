import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '../../sandbox/index';
import { readStateFile, writeStateFile } from '../../sandbox/persistence/state-file';
import { SandboxState } from '../../sandbox/sandbox-state';
import { DEFAULT_WEBHOOK_DELIVERY } from '../../sandbox/webhooks/webhook-sender';

/**
 * A measurement, not a check: save and load times and the file size of a 1,000,000-record org.
 * Run by hand: `SANDBOX_STATE_BENCH=1 npx jest test/sandbox/state-file-benchmark`.
 */
const measure = process.env.SANDBOX_STATE_BENCH === '1' ? it : it.skip;

async function timed<T>(what: string, work: () => Promise<T> | T): Promise<T> {
  const started = process.hrtime.bigint();
  const result = await work();
  process.stdout.write(`${what}: ${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(0)} ms\n`);
  return result;
}

describe('state file of a 1,000,000-record org', () => {
  measure(
    'saves and loads',
    async () => {
      const directory = await mkdtemp(join(tmpdir(), 'sandbox-state-bench-'));
      const stateFile = join(directory, 'big.state');
      try {
        const orgs = [{ id: 'big', connector: 'hr', records: 1_000_000 }] as const;
        const sandbox = await timed('start: seed and first save', () => startSandbox({ orgs, stateFile }));
        await sandbox.admin.mutate('big', { updates: 20_000, creates: 2_000, deletes: 5_000, tieBurst: 100 });
        await sandbox.admin.mutate('big', { recreates: 1_000 });
        await sandbox.admin.corrupt('big', { entity: 'people', count: 500 });
        await timed('stop: final save', () => sandbox.stop());
        process.stdout.write(`file: ${((await stat(stateFile)).size / 1e6).toFixed(1)} MB\n`);

        const snapshot = await timed('read and check the file', () => readStateFile(stateFile));
        const state = new SandboxState({
          seed: 1,
          adminToken: 'a',
          clock: Date.now,
          webhookDelivery: DEFAULT_WEBHOOK_DELIVERY,
        });
        await timed('restore (store checks)', () => state.restore(snapshot!));
        await timed('save (encode, write, fsync, rename)', () =>
          writeStateFile(join(directory, 'again.state'), state.snapshot()),
        );
        await state.close();
        const resumed = await timed('start: resume from the file', () => startSandbox({ orgs, stateFile }));
        expect(resumed.resumed).toBe(true);
        await resumed.stop();
      } finally {
        await rm(directory, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
