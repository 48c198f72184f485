import {
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { describeFailure } from './describe-failure';
import { progressQuery, requestRerunSignal } from './shared/messages';
import type { SyncInput, SyncOutcome } from './shared/sync-inputs';
import { tagWorkflow } from './shared/tag-workflow';
import { newEntityProgress, type SyncProgress } from './shared/sync-progress';
import { olderRunVersion, type RunVersion, runVersion } from './run-version';
import { lifecycleActivities, syncActivities } from './sync-activities';

/** Continue-as-new before the history gets long (the server suggests it too). */
const HISTORY_EVENTS_BOUND = 8_000;

export interface SyncRunContext {
  readonly syncId: string;
  readonly levels: readonly (readonly string[])[];
  readonly progress: SyncProgress;
  readonly activities: ReturnType<typeof syncActivities>;
  /** The code path of this run (see `RunVersion`). */
  readonly version: RunVersion;
  /** Continues as new (same sync, same cursors) if the history has grown long. Call between steps. */
  readonly checkpoint: () => Promise<void>;
}

/**
 * The frame every org-level sync runs in: search attributes, the progress query, the (org, kind)
 * lease taken at the start and released at the end, the sync_runs outcome, coalesced reruns, and
 * continue-as-new to bound history. `body` does the kind's own work and says how it ended.
 */
export async function runSync<I extends SyncInput>(
  kind: 'full' | 'delta' | 'reconcile',
  input: I,
  body: (run: SyncRunContext) => Promise<'succeeded' | 'held'>,
): Promise<SyncOutcome> {
  const { orgId } = input;
  // The first run of a chain has runId === firstExecutionRunId; a rerun (continued as new) needs
  // its own id, or its cursors would read as the finished sync's. Runs without `rerun` keep the id
  // they were started with, so histories of older reruns replay unchanged.
  const syncId =
    input.resume?.syncId ?? (input.rerun ? workflowInfo().runId : workflowInfo().firstExecutionRunId);
  const progress: SyncProgress = input.resume?.progress ?? {
    orgId,
    kind,
    syncId,
    status: 'running',
    entities: {},
  };
  let rerunRequested = false;
  setHandler(progressQuery, () => progress);
  setHandler(requestRerunSignal, () => {
    rerunRequested = true;
  });
  const newest = runVersion();
  tagWorkflow(orgId, kind, { skipIfSet: newest === 3 });
  const version = newest === 3 ? newest : olderRunVersion();
  const activities = syncActivities(orgId);
  const lifecycle = lifecycleActivities(orgId, version);

  /** Records how the run ended, and releases its lease, even while the run is being cancelled. */
  const endUnsuccessfully = async (err: unknown) => {
    const outcome = isCancellation(err) ? 'cancelled' : 'failed';
    progress.status = outcome;
    await CancellationScope.nonCancellable(() =>
      lifecycle.endSync({ orgId, kind, syncId, status: outcome, error: describeFailure(err) }),
    );
  };

  let levels = input.resume?.levels;
  if (!levels) {
    const begun = await lifecycle
      .beginSync({ orgId, kind, syncId, entities: input.entities })
      .catch(async (err: unknown) => {
        // Only a cancellation ends the run here (failed starts end as they always did).
        if (isCancellation(err)) await endUnsuccessfully(err);
        throw err;
      });
    if (!begun.started) {
      progress.status = 'skipped';
      return { status: 'skipped', syncId, coalescedInto: begun.coalescedInto, progress };
    }
    levels = begun.levels;
    for (const name of levels.flat()) progress.entities[name] = newEntityProgress();
    // Triggers that arrived before this run started listing are covered by it.
    rerunRequested = false;
  }
  const resumeLevels = levels;
  const checkpoint = async () => {
    const info = workflowInfo();
    if (!info.continueAsNewSuggested && info.historyLength < HISTORY_EVENTS_BOUND) return;
    await condition(allHandlersFinished);
    await continueAsNew<(input: I) => Promise<SyncOutcome>>({
      ...input,
      resume: { syncId, levels: resumeLevels, progress },
    });
  };

  let status: 'succeeded' | 'held';
  try {
    status = await body({ syncId, levels, progress, activities, version, checkpoint });
  } catch (err) {
    if (isContinueAsNew(err)) throw err;
    await endUnsuccessfully(err);
    throw err;
  }
  progress.status = status;
  // A cancellation arriving now comes too late: the run has done its work and ends as it did.
  const ended = await CancellationScope.nonCancellable(() =>
    lifecycle.endSync({ orgId, kind, syncId, status }),
  );
  if (ended.rerunRequested || rerunRequested) {
    await condition(allHandlersFinished);
    // A fresh run of the same sync (new sync id): it covers every trigger that came in meanwhile.
    await continueAsNew<(input: I) => Promise<SyncOutcome>>({ ...input, resume: undefined, rerun: true });
  }
  return { status, syncId, progress };
}

function isContinueAsNew(err: unknown): boolean {
  return err instanceof Error && err.name === 'ContinueAsNew';
}
