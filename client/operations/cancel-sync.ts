import {
  CancelledFailure,
  TerminatedFailure,
  WorkflowFailedError,
  WorkflowNotFoundError,
} from '@temporalio/client';
import { syncWorkflowId } from '../../workflows/shared/workflow-ids';
import type { OperationsContext } from './operations-context';
import { requireOrganization } from './org-lookup';
import type { SyncKindToStart } from './start-sync';

/** `sync cancel` found no running sync of that org and kind (exit 1: the command was right, there was nothing to do). */
export class NothingToCancelError extends Error {
  override readonly name = 'NothingToCancelError';
  constructor(
    readonly orgId: string,
    readonly kind: SyncKindToStart,
  ) {
    super(`No ${kind} sync of organization ${orgId} is running: nothing to cancel`);
  }
}

export interface CancelledSync {
  readonly workflowId: string;
  readonly runId: string;
  /** `cancelled`, or how the run ended by itself meanwhile; `running` if it had not stopped in time. */
  readonly status: 'cancelled' | 'completed' | 'failed' | 'terminated' | 'running';
}

/** How long `sync cancel` waits for the run to stop: its page activities stop at their next heartbeat. */
const STOP_WITHIN_MS = 120_000;

/**
 * Cancels the running sync of an org and kind (workflow `sync:<org>:<kind>`) and waits until it
 * has stopped: its page activities stop after the batch they commit, then the run records itself
 * as cancelled in sync_runs and releases its lease, so the next sync of that kind starts at once.
 */
export async function cancelSync(
  context: OperationsContext,
  orgId: string,
  kind: SyncKindToStart,
): Promise<CancelledSync> {
  await requireOrganization(context, orgId, { allowRemoved: true });
  const workflowId = syncWorkflowId(orgId, kind);
  const handle = context.temporal.workflow.getHandle(workflowId);
  const running = await handle.describe().catch((err: unknown) => {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  });
  if (running?.status.name !== 'RUNNING') throw new NothingToCancelError(orgId, kind);
  // The workflow id's current run: a sync that continued as new since is still this sync.
  await handle.cancel();
  let timer: NodeJS.Timeout | undefined;
  const status = await Promise.race([
    handle.result().then(
      (): CancelledSync['status'] => 'completed',
      (err: unknown) => closedStatus(err),
    ),
    new Promise<CancelledSync['status']>((resolve) => {
      timer = setTimeout(() => resolve('running'), STOP_WITHIN_MS);
    }),
  ]).finally(() => clearTimeout(timer));
  return { workflowId, runId: running.runId, status };
}

function closedStatus(err: unknown): CancelledSync['status'] {
  const cause = err instanceof WorkflowFailedError ? err.cause : err;
  if (cause instanceof CancelledFailure) return 'cancelled';
  if (cause instanceof TerminatedFailure) return 'terminated';
  return 'failed';
}
