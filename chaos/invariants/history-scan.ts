import type { ChaosOrg } from '../chaos-orgs';
import type { ChaosCluster } from '../cluster/chaos-cluster';

/** Histories scanned at most (every full and reconciliation run, then deltas and record syncs). */
const MAX_HISTORIES = 600;

/** Every string a history holds, payload bytes decoded. */
function textsOf(value: unknown, into: string[]): void {
  if (value instanceof Uint8Array) into.push(Buffer.from(value).toString('utf8'));
  else if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) textsOf(item, into);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) textsOf(item, into);
}

/**
 * Looks for record values (emails and full names of people at the source) in the run's workflow
 * histories: histories must hold ids, cursors and counts only.
 */
export async function scanHistoriesForValues(
  cluster: ChaosCluster,
  orgs: readonly ChaosOrg[],
): Promise<{ readonly scanned: number; readonly leaks: string[] }> {
  const samples = new Set<string>();
  for (const org of orgs.slice(0, 6)) {
    let taken = 0;
    for await (const person of cluster.sandbox.truth(org.sandbox.id, 'people')) {
      samples.add(String(person.email));
      samples.add(`${String(person.first_name)} ${String(person.last_name)}`);
      if (++taken >= 100) break;
    }
  }
  const executions: { workflowId: string; runId: string }[] = [];
  for (const kinds of ['"full", "reconcile"', '"delta", "record"']) {
    for await (const execution of cluster.client.workflow.list({
      query: `TaskQueue = "${cluster.taskQueue}" AND SyncKind IN (${kinds})`,
    })) {
      if (executions.length >= MAX_HISTORIES) break;
      executions.push({ workflowId: execution.workflowId, runId: execution.runId });
    }
  }
  const leaks: string[] = [];
  for (const { workflowId, runId } of executions) {
    const history = await cluster.client.workflow.getHandle(workflowId, runId).fetchHistory();
    const texts: string[] = [];
    textsOf(history, texts);
    const text = texts.join('\n');
    const found = [...samples].find((sample) => text.includes(sample));
    if (found !== undefined) leaks.push(`the history of ${workflowId} holds a record value`);
  }
  return { scanned: executions.length, leaks };
}
