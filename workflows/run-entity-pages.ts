import type { SyncRunContext } from './sync-run';
import { addCounts } from './shared/sync-progress';

type PageActivities = SyncRunContext['activities']['bulk'];

/**
 * Calls `syncEntities` slice after slice until the listed entities are done, folding each slice's
 * counts into the progress the query shows. Checkpoints (continue-as-new) between slices.
 */
export async function runEntityPages(
  run: SyncRunContext,
  kind: 'full' | 'delta',
  entities: readonly string[],
  activities: PageActivities,
): Promise<void> {
  let remaining = entities;
  for (const name of remaining) run.progress.entities[name]!.phase = 'running';
  while (remaining.length > 0) {
    const result = await activities.syncEntities({
      orgId: run.progress.orgId,
      kind,
      syncId: run.syncId,
      entities: remaining,
    });
    for (const outcome of result.outcomes) {
      const entity = run.progress.entities[outcome.entity]!;
      addCounts(entity, outcome.counts);
      entity.pages += outcome.pages;
      entity.cursor = outcome.cursor;
      entity.note = outcome.skipped;
      if (outcome.complete) entity.phase = outcome.skipped ? 'skipped' : 'done';
    }
    remaining = result.remaining;
    if (remaining.length > 0) await run.checkpoint();
  }
}
