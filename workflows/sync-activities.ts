import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { bulkTaskQueue } from './shared/task-queues';

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
  const retry = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' } as const;
  const queue = workflowInfo().taskQueue;
  const lifecycle = proxyActivities<Pick<Activities, 'beginSync' | 'endSync'>>({
    startToCloseTimeout: '1m',
    scheduleToCloseTimeout: '2h',
    retry,
    priority: { fairnessKey: orgId, priorityKey: 1 },
  });
  const pages = (priorityKey: number, taskQueue: string) =>
    proxyActivities<Pick<Activities, 'syncEntities' | 'reconcileEntity' | 'syncRecords'>>({
      taskQueue,
      startToCloseTimeout: '15m',
      heartbeatTimeout: '30s',
      scheduleToCloseTimeout: '2h',
      retry,
      priority: { fairnessKey: orgId, priorityKey },
    });
  return {
    /** Start and end of a run (lease, sync_runs row). A proxy: its functions cannot be spread. */
    lifecycle,
    /** Page work of webhooks (priority 1) and deltas (2) on the interactive queue. */
    interactive: pages(2, queue),
    records: pages(1, queue),
    /** Page work of full syncs and reconciliations on the bulk queue. */
    bulk: pages(3, bulkTaskQueue(queue)),
  };
}
