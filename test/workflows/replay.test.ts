import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';

/**
 * Replays histories captured from representative runs (`npm run histories:refresh` rewrites those
 * of today's version; older versions' captures stay as long as their code paths do)
 * against today's workflow code: a change that would break running workflows (non-determinism)
 * fails here, before it reaches a worker in production.
 */
describe('workflow replay', () => {
  const folder = path.join(__dirname, 'histories');
  const files = readdirSync(folder).filter((file) => file.endsWith('.json'));

  beforeAll(() => {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  });

  it('has histories to replay for full, delta and reconciliation runs, of this version and the one before', () => {
    // `<kind>-sync.json`: today's runs (version 3); `.v2.json`: runs of the version before it.
    expect(files.sort()).toEqual(
      ['delta', 'full', 'reconcile'].flatMap((kind) => [`${kind}-sync.json`, `${kind}-sync.v2.json`]),
    );
  });

  // Bundling the workflow code alone takes seconds on a busy two-core CI machine.
  const bundleAndReplayTimeoutMs = 60_000;

  it(
    'replays every captured history without a non-determinism error',
    async () => {
      const histories = files.map((file) => ({
        workflowId: file,
        history: JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as unknown,
      }));
      const failures: string[] = [];
      for await (const result of Worker.runReplayHistories(
        { workflowsPath: require.resolve('../../workflows'), replayName: 'captured-histories' },
        histories,
      )) {
        if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
      }
      expect(failures).toEqual([]);
    },
    bundleAndReplayTimeoutMs,
  );
});
