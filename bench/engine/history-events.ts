import type { Client, WorkflowHandle } from '@temporalio/client';
import { BenchCheckError } from '../errors';

export interface ChainHistory {
  /** Events of every run of the chain together. */
  readonly events: number;
  readonly runs: number;
}

/**
 * The history of a workflow's continue-as-new chain, from its first run to the one that ended it:
 * what the sync cost the Temporal server in events.
 */
export async function historyOfChain(
  client: Client,
  workflowId: string,
  firstRunId: string,
): Promise<ChainHistory> {
  let events = 0;
  let runs = 0;
  for (let runId: string | undefined = firstRunId; runId; runs++) {
    const history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>> = await client.workflow
      .getHandle(workflowId, runId)
      .fetchHistory();
    const all = history.events ?? [];
    events += all.length;
    runId = all.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    if (runs > 10_000) throw new BenchCheckError('the continue-as-new chain does not end', workflowId);
  }
  return { events, runs };
}
