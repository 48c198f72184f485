import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { progressQuery, recordChangedSignal, type RecordRef } from './shared/messages';
import { ORG_ID, SYNC_KIND } from './shared/search-attributes';
import { addCounts, newEntityProgress, type SyncProgress } from './shared/sync-progress';
import { syncActivities } from './sync-activities';

/** Records synced per activity call: a burst of webhooks becomes a few batched fetch-and-upserts. */
const BATCH_SIZE = 100;
/** With nothing to do for this long, the workflow ends; the next webhook starts a new one. */
const IDLE_TIMEOUT = '10 minutes';
/**
 * Continue-as-new past this many events. A signal arriving while the run continues as new fails
 * that workflow task, and the retry replays the whole history (4,000 events took 5 s here; 1,000
 * take about 0.7 s) while Temporal refuses further signals as "workflow is closing" (the receiver
 * retries those quickly: see signalRetryOptions). Runs begun before `record-history-1000` keep the
 * bound they started with, so they replay as they ran.
 */
const HISTORY_EVENTS_BOUND = 1_000;
const HISTORY_EVENTS_BOUND_BEFORE = 4_000;
export const RECORD_HISTORY_PATCH = 'record-history-1000';

export interface RecordSyncInput {
  readonly orgId: string;
  /** Changes not yet synced, carried through continue-as-new. */
  readonly pending?: readonly RecordRef[];
}

/**
 * Webhook-driven single-record syncs of one organization (workflow id `sync:{org}:records`, started
 * or signalled by the webhook receiver with signal-with-start). Signals name changed records;
 * duplicates collapse while they wait; each batch is fetched from the API and upserted
 * monotonically, so order and repetition of webhooks do not matter.
 */
export async function recordSyncWorkflow(input: RecordSyncInput): Promise<SyncProgress> {
  const keyOf = (ref: RecordRef) => `${ref.entity}\u0000${ref.id}`;
  const pending = new Map<string, RecordRef>((input.pending ?? []).map((ref) => [keyOf(ref), ref]));
  const { runId } = workflowInfo();
  const progress: SyncProgress = {
    orgId: input.orgId,
    kind: 'record',
    syncId: runId,
    status: 'running',
    entities: {},
  };
  setHandler(recordChangedSignal, (ref) => {
    pending.set(keyOf(ref), ref);
  });
  setHandler(progressQuery, () => progress);
  upsertSearchAttributes([
    { key: ORG_ID, value: input.orgId },
    { key: SYNC_KIND, value: 'record' },
  ]);
  const { records } = syncActivities(input.orgId);
  const historyBound = patched(RECORD_HISTORY_PATCH) ? HISTORY_EVENTS_BOUND : HISTORY_EVENTS_BOUND_BEFORE;

  for (;;) {
    if (!(await condition(() => pending.size > 0, IDLE_TIMEOUT))) break;
    const batch = [...pending.values()].slice(0, BATCH_SIZE);
    for (const ref of batch) pending.delete(keyOf(ref));
    const result = await records.syncRecords({ orgId: input.orgId, syncId: runId, refs: batch });
    for (const [entity, counts] of Object.entries(result.counts)) {
      addCounts((progress.entities[entity] ??= newEntityProgress('running')), counts);
    }
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > historyBound) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof recordSyncWorkflow>({ orgId: input.orgId, pending: [...pending.values()] });
    }
  }
  await condition(allHandlersFinished);
  progress.status = 'succeeded';
  return progress;
}
