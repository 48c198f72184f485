import { expectSynced } from '../engine/entity-tables';
import { historyOfChain } from '../engine/history-events';
import { runSyncs } from '../engine/run-syncs';
import { withWorkers } from '../stack/worker-fleet';
import { round } from '../util/stats';
import type { Scenario } from './bench-context';

export interface MemoryResult {
  /** Peak resident set of the (fresh, single) worker during the big org's full sync. */
  readonly fullSyncPeakRssMb: number;
  /** Peak resident set of a fresh single worker reconciling the big org. */
  readonly reconcilePeakRssMb: number;
  readonly reconciledIds: number;
  readonly reconcileSeconds: number;
  readonly reconcileHistoryEvents: number;
}

/**
 * Worker memory on the big org: its full sync, then a reconciliation of every id (after a few
 * changes at the source, so that healing and deleting have something to do). The worker's own
 * peak RSS (VmHWM), since each case gets a freshly started worker process.
 */
export const memoryScenario: Scenario<MemoryResult> = {
  name: 'memory',
  async run(context) {
    const { stack } = context;
    const source = await context.bigSource();
    const sync = await context.bigOrgSync();
    const changes = Math.max(10, Math.round(source.records / 1_000));
    await stack.sandbox.admin.mutate(source.sandboxOrg.id, {
      updates: changes,
      creates: changes,
      deletes: changes,
    });
    context.log(`engine: reconciliation of ${source.records.toLocaleString('en')} ids, 1 worker`);
    const { batch, peakRssMb } = await withWorkers(stack, 1, async (fleet) => {
      const done = await runSyncs(stack, 'reconcile', [sync.orgId]);
      return { batch: done, peakRssMb: fleet.peakRssMb()[0]! };
    });
    await expectSynced(stack, [
      { orgId: sync.orgId, sandboxOrg: source.sandboxOrg, records: source.records },
    ]);
    const [reconcile] = batch.syncs;
    const history = await historyOfChain(stack.temporal, reconcile!.workflowId, reconcile!.runId);
    return {
      fullSyncPeakRssMb: sync.peakRssMb,
      reconcilePeakRssMb: round(peakRssMb, 1),
      reconciledIds: source.records,
      reconcileSeconds: round(batch.seconds, 2),
      reconcileHistoryEvents: history.events,
    };
  },
};
