import { LOCAL_SLICE_MS, localSliceActivities } from './sync-activities';
import type { SyncInput, SyncOutcome } from './shared/sync-inputs';
import { runEntityPages } from './run-entity-pages';
import { runSync } from './sync-run';
import { isFinished } from './shared/sync-progress';

/**
 * Delta sync of an organization (every 15 minutes): for each entity, in dependency order, the
 * records changed since its watermark minus the look-back window, upserted monotonically. One
 * activity works through all entities (deltas are small), the first slice of it a local activity in
 * the workflow's own task, so a typical delta is one workflow task and a handful of history events.
 * Entities whose initial full sync has not completed are skipped.
 */
export async function deltaSyncWorkflow(input: SyncInput): Promise<SyncOutcome> {
  return runSync('delta', input, async (run) => {
    const pending = run.levels.flat().filter((name) => !isFinished(run.progress.entities[name]?.phase));
    const firstSlice =
      run.version >= 3
        ? { syncEntities: localSliceActivities().syncEntities, sliceMs: LOCAL_SLICE_MS }
        : undefined;
    await runEntityPages(run, 'delta', pending, run.activities.interactive, { firstSlice });
    return 'succeeded';
  });
}
