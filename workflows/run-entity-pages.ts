import { ActivityFailure, ApplicationFailure, isCancellation, TemporalFailure } from '@temporalio/workflow';
import type { SyncRunContext } from './sync-run';
import { addCounts } from './shared/sync-progress';

type PageActivities = SyncRunContext['activities']['bulk'];
type SyncEntities = PageActivities['syncEntities'];
type SliceResult = Awaited<ReturnType<SyncEntities>>;

export interface EntityPagesOptions {
  /** Runs the first slice, shorter, here (a local activity); the rest goes to `activities`. */
  readonly firstSlice?: { readonly syncEntities: SyncEntities; readonly sliceMs: number };
}

/**
 * Calls `syncEntities` slice after slice until the listed entities are done, folding each slice's
 * counts into the progress the query shows. Checkpoints (continue-as-new) between slices.
 */
export async function runEntityPages(
  run: SyncRunContext,
  kind: 'full' | 'delta',
  entities: readonly string[],
  activities: PageActivities,
  options: EntityPagesOptions = {},
): Promise<void> {
  let remaining = entities;
  for (const name of remaining) run.progress.entities[name]!.phase = 'running';
  let first = options.firstSlice;
  while (remaining.length > 0) {
    const request = { orgId: run.progress.orgId, kind, syncId: run.syncId, entities: remaining };
    const result: SliceResult | undefined = first
      ? await tryFirstSlice(first.syncEntities, { ...request, sliceMs: first.sliceMs })
      : await activities.syncEntities(request);
    first = undefined;
    if (!result) continue;
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

/**
 * One attempt of the first slice. A failure that retrying cannot mend (auth, a superseded cursor)
 * or a cancellation ends the run as it would from a regular activity; any other failure returns
 * nothing, and the caller carries on with regular activities from the committed cursors.
 */
async function tryFirstSlice(
  syncEntities: SyncEntities,
  request: Parameters<SyncEntities>[0],
): Promise<SliceResult | undefined> {
  try {
    return await syncEntities(request);
  } catch (err) {
    if (isCancellation(err)) throw err;
    // A local activity's failure arrives as the activity's own failure (ApplicationFailure,
    // TimeoutFailure), not always wrapped in an ActivityFailure.
    const cause = err instanceof ActivityFailure ? err.cause : err;
    if (cause instanceof ApplicationFailure && cause.nonRetryable) throw err;
    if (!(err instanceof TemporalFailure)) throw err;
    return undefined;
  }
}
