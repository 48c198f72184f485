import { createBenchOrgs } from '../engine/bench-orgs';
import { historyOfChain } from '../engine/history-events';
import { type CompletedSync, runSyncs } from '../engine/run-syncs';
import { withWorkers } from '../stack/worker-fleet';
import { round } from '../util/stats';
import type { Scenario } from './bench-context';

export interface HistoryResult {
  readonly records: number;
  readonly fullEvents: number;
  readonly deltaEvents: number;
  readonly reconcileEvents: number;
  readonly fullEventsPer10kRecords: number;
  readonly deltaEventsPer10kRecords: number;
  readonly reconcileEventsPer10kRecords: number;
}

/**
 * What one org's syncs cost Temporal in history events: a full sync, a delta after 1% of the
 * records changed, and a reconciliation, of an org of `sizes.history.records` records; events of
 * every continue-as-new run counted, then expressed per 10,000 records of the org.
 */
export const historyScenario: Scenario<HistoryResult> = {
  name: 'history',
  async run(context) {
    const { stack, sizes } = context;
    const { records } = sizes.history;
    const [org] = await createBenchOrgs(stack, 'history', 1, records);
    context.log(`history: full, delta and reconciliation of a ${records.toLocaleString('en')}-record org`);
    const syncs = await withWorkers(stack, 1, async () => {
      const [full] = (await runSyncs(stack, 'full', [org!.orgId])).syncs;
      await stack.sandbox.admin.mutate(org!.sandboxOrg.id, { updates: Math.round(records * 0.01) });
      const [delta] = (await runSyncs(stack, 'delta', [org!.orgId])).syncs;
      const [reconcile] = (await runSyncs(stack, 'reconcile', [org!.orgId])).syncs;
      return [full!, delta!, reconcile!];
    });
    const [full, delta, reconcile] = await Promise.all(
      syncs.map(
        async (sync: CompletedSync) =>
          (await historyOfChain(stack.temporal, sync.workflowId, sync.runId)).events,
      ),
    );
    const per10k = (events: number) => round((events * 10_000) / records, 1);
    return {
      records,
      fullEvents: full!,
      deltaEvents: delta!,
      reconcileEvents: reconcile!,
      fullEventsPer10kRecords: per10k(full!),
      deltaEventsPer10kRecords: per10k(delta!),
      reconcileEventsPer10kRecords: per10k(reconcile!),
    };
  },
};
