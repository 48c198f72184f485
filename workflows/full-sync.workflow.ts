import { boundedAll } from './bounded-all';
import type { SyncInput, SyncOutcome } from './shared/sync-inputs';
import { runEntityPages } from './run-entity-pages';
import { runSync } from './sync-run';
import { isFinished } from './shared/sync-progress';

/** Entities of one dependency level synced at once, per org: bounded so one org cannot fill the bulk queue. */
const PARALLEL_ENTITIES = 3;

/**
 * Initial (or ad-hoc) full sync of an organization: every entity of its connector, dependencies
 * first; entities whose dependencies are done run in parallel. Pages commit with their cursor, so a
 * crash resumes at the last committed page. When an entity completes, its delta watermark is set to
 * the newest change the full sync saw, so the first delta misses nothing that changed meanwhile.
 */
export async function fullSyncWorkflow(input: SyncInput): Promise<SyncOutcome> {
  return runSync('full', input, async (run) => {
    for (const level of run.levels) {
      const pending = level.filter((name) => !isFinished(run.progress.entities[name]?.phase));
      await boundedAll(pending, PARALLEL_ENTITIES, (entity) =>
        runEntityPages(run, 'full', [entity], run.activities.bulk),
      );
      await run.checkpoint();
    }
    return 'succeeded';
  });
}
