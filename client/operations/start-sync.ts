import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { deltaSyncWorkflow, fullSyncWorkflow, reconcileWorkflow } from '../../workflows';
import { requestRerunSignal } from '../../workflows/shared/messages';
import { ORG_ID, SYNC_KIND } from '../../workflows/shared/search-attributes';
import type { ReconcileInput } from '../../workflows/shared/sync-inputs';
import { syncWorkflowId } from '../../workflows/shared/workflow-ids';
import type { OperationsContext } from './operations-context';
import { requireEntities, requireOrganization } from './org-lookup';

export type SyncKindToStart = 'full' | 'delta' | 'reconcile';

const WORKFLOWS = { full: fullSyncWorkflow, delta: deltaSyncWorkflow, reconcile: reconcileWorkflow } as const;

export interface StartedSync {
  readonly workflowId: string;
  readonly runId: string;
  /** The same sync was already running: it was asked to run once more when done. */
  readonly coalesced: boolean;
}

/**
 * Starts an ad-hoc sync of an org under its fixed workflow id. If one is running already, the
 * trigger is coalesced (the running one runs once more when it ends): never two at once, never lost.
 * An unknown or removed org, or an entity its connector lacks, is a usage error and starts nothing.
 */
export async function startSync(
  context: OperationsContext,
  kind: SyncKindToStart,
  input: ReconcileInput,
): Promise<StartedSync> {
  requireEntities(await requireOrganization(context, input.orgId), input.entities);
  const workflowId = syncWorkflowId(input.orgId, kind);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const handle = await context.temporal.workflow.start(WORKFLOWS[kind], {
        taskQueue: context.taskQueue,
        workflowId,
        args: [input],
        typedSearchAttributes: [
          { key: ORG_ID, value: input.orgId },
          { key: SYNC_KIND, value: kind },
        ],
      });
      return { workflowId, runId: handle.firstExecutionRunId, coalesced: false };
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    try {
      const handle = context.temporal.workflow.getHandle(workflowId);
      await handle.signal(requestRerunSignal);
      const { runId } = await handle.describe();
      return { workflowId, runId, coalesced: true };
    } catch (err) {
      // It ended between our start and our signal: start again.
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  throw new Error(`Could not start or reach ${workflowId}`);
}
