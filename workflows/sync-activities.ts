import {
  ActivityCancellationType,
  proxyActivities,
  proxyLocalActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { RunVersion } from './run-version';
import { bulkTaskQueue } from './shared/task-queues';

const RETRY = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' } as const;

/**
 * A cancelled sync waits until its page activities have stopped (they stop after the batch they
 * commit), so that it releases its lease only when nothing of it writes any more. Not part of the
 * scheduling command, so histories replay the same.
 */
const WAIT_FOR_PAGES_TO_STOP = ActivityCancellationType.WAIT_CANCELLATION_COMPLETED;

/**
 * The activity proxies of one org's sync. Fairness keys (the org) make the task queues serve orgs
 * round-robin instead of first-come, and priorities put webhook and delta work ahead of bulk work.
 *
 * Timeouts: long activities heartbeat every page with a 30 s heartbeat timeout, so the work of a
 * killed worker restarts on another within a minute. Retries back off exponentially up to a minute
 * for at most two hours (API outages); 429s wait their Retry-After (the failure's nextRetryDelay);
 * auth and fatal errors are non-retryable and fail the run at once.
 */
export function syncActivities(orgId: string) {
  const queue = workflowInfo().taskQueue;
  const pages = (priorityKey: number, taskQueue: string) =>
    proxyActivities<Pick<Activities, 'syncEntities' | 'reconcileEntity' | 'syncRecords'>>({
      taskQueue,
      startToCloseTimeout: '15m',
      heartbeatTimeout: '30s',
      scheduleToCloseTimeout: '2h',
      retry: RETRY,
      cancellationType: WAIT_FOR_PAGES_TO_STOP,
      priority: { fairnessKey: orgId, priorityKey },
    });
  return {
    /** Page work of webhooks (priority 1) and deltas (2) on the interactive queue. */
    interactive: pages(2, queue),
    records: pages(1, queue),
    /** Page work of full syncs and reconciliations on the bulk queue. */
    bulk: pages(3, bulkTaskQueue(queue)),
  };
}

/** How long a delta's first, local slice pages before the rest goes to regular activities. */
export const LOCAL_SLICE_MS = 5_000;

/**
 * A delta's first slice (runs of version 3), as a local activity in the workflow's own task: most
 * deltas are a page or two per entity, and a whole delta then costs the Temporal server one
 * workflow task instead of two plus an activity task, which is what bounds a fleet-wide delta
 * cycle. One attempt: on a retryable failure the workflow goes on with regular activities, which
 * retry with backoff, honour Retry-After, and resume from the committed cursors.
 */
export function localSliceActivities() {
  return proxyLocalActivities<Pick<Activities, 'syncEntities'>>({
    startToCloseTimeout: '2m',
    retry: { maximumAttempts: 1 },
    cancellationType: WAIT_FOR_PAGES_TO_STOP,
  });
}

/**
 * Start and end of a run (lease, sync_runs row): a few short queries, as local activities in the
 * workflow's own task from version 2 on (regular activities before). A proxy: its functions
 * cannot be spread.
 */
export function lifecycleActivities(orgId: string, version: RunVersion) {
  type Lifecycle = Pick<Activities, 'beginSync' | 'endSync'>;
  const timeouts = { startToCloseTimeout: '1m', scheduleToCloseTimeout: '2h', retry: RETRY } as const;
  if (version >= 2) return proxyLocalActivities<Lifecycle>(timeouts);
  return proxyActivities<Lifecycle>({ ...timeouts, priority: { fairnessKey: orgId, priorityKey: 1 } });
}
