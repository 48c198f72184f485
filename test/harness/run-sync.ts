import { deltaSyncWorkflow, fullSyncWorkflow, reconcileWorkflow } from '../../workflows';
import type { ReconcileInput, SyncOutcome } from '../../workflows/shared/sync-inputs';
import { syncWorkflowId } from '../../workflows/shared/workflow-ids';
import type { EngineStack } from './engine-stack';

const WORKFLOWS = { full: fullSyncWorkflow, delta: deltaSyncWorkflow, reconcile: reconcileWorkflow } as const;

/** Starts a sync of an org under its production workflow id. */
export function startSync(
  stack: EngineStack,
  kind: keyof typeof WORKFLOWS,
  input: ReconcileInput,
): Promise<{ result(): Promise<SyncOutcome>; workflowId: string }> {
  const workflowId = syncWorkflowId(input.orgId, kind);
  return stack.client.workflow
    .start(WORKFLOWS[kind], { taskQueue: stack.taskQueue, workflowId, args: [input] })
    .then((handle) => ({ result: () => handle.result(), workflowId }));
}

/** Runs a sync of an org to its end and returns how it ended. */
export async function runSync(
  stack: EngineStack,
  kind: keyof typeof WORKFLOWS,
  input: ReconcileInput,
): Promise<SyncOutcome> {
  return (await startSync(stack, kind, input)).result();
}
