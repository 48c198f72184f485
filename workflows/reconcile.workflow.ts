import type { ReconcileInput, SyncOutcome } from './shared/sync-inputs';
import { addCounts, isFinished } from './shared/sync-progress';
import { runSync } from './sync-run';

/**
 * Nightly reconciliation of an organization: per entity, the source's complete ID listing is
 * compared with the database in SQL; missing or stale rows are fetched and upserted, rows that
 * reappeared are revived, and rows the listing proves deleted are soft-deleted, but only after the
 * listing completed, and held for approval when they would be too many. Ends `held` when any
 * entity's deletions wait for an operator (`approveDeletions: true` applies them).
 */
export async function reconcileWorkflow(input: ReconcileInput): Promise<SyncOutcome> {
  return runSync('reconcile', input, async (run) => {
    let held = false;
    for (const name of run.levels.flat()) {
      const entity = run.progress.entities[name]!;
      if (isFinished(entity.phase)) {
        held ||= entity.phase === 'held';
        continue;
      }
      entity.phase = 'listing';
      for (;;) {
        const result = await run.activities.bulk.reconcileEntity({
          orgId: input.orgId,
          syncId: run.syncId,
          entity: name,
          approveDeletions: input.approveDeletions ?? false,
          holdThreshold: { share: input.holdShare ?? 0.1, minRows: input.holdMinRows ?? 50 },
        });
        addCounts(entity, result.counts);
        entity.pages += result.pages;
        entity.cursor = result.cursor;
        entity.phase =
          result.phase === 'held'
            ? 'held'
            : result.done
              ? 'done'
              : result.phase === 'listing'
                ? 'listing'
                : 'healing';
        if (result.held)
          entity.note = `would delete ${result.held.wouldDelete} of ${result.held.live} live rows`;
        if (result.done) break;
        await run.checkpoint();
      }
      held ||= entity.phase === 'held';
    }
    return held ? 'held' : 'succeeded';
  });
}
