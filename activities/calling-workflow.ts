import { Context } from '@temporalio/activity';

/** The workflow execution that scheduled the running activity. */
export function callingWorkflow(): { readonly workflowId: string; readonly runId: string } {
  const execution = Context.current().info.workflowExecution;
  if (!execution) throw new Error('This activity must be called from a workflow');
  return execution;
}
