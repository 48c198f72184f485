import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';

/**
 * Replays histories captured from representative runs (`npm run histories:refresh` rewrites them)
 * against today's workflow code: a change that would break running workflows (non-determinism)
 * fails here, before it reaches a worker in production.
 */
describe('workflow replay', () => {
  const folder = path.join(__dirname, 'histories');
  const files = readdirSync(folder).filter((file) => file.endsWith('.json'));

  beforeAll(() => {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  });

  it('has histories to replay for full, delta and reconciliation runs', () => {
    expect(files.sort()).toEqual(['delta-sync.json', 'full-sync.json', 'reconcile-sync.json']);
  });

  it('replays every captured history without a non-determinism error', async () => {
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
  });
});
