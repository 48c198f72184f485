import { createBenchOrgs } from '../engine/bench-orgs';
import { expectSynced } from '../engine/entity-tables';
import { runSyncs, type SyncBatch } from '../engine/run-syncs';
import { BenchCheckError } from '../errors';
import { withWorkers } from '../stack/worker-fleet';
import { mapLimit } from '../util/map-limit';
import { round } from '../util/stats';
import type { Scenario } from './bench-context';

export interface DeltaCycleResult {
  readonly orgs: number;
  readonly recordsPerOrg: number;
  readonly changedPerOrg: number;
  /** Full syncs of every org first (2 workers), so that deltas may run. */
  readonly setupSeconds: number;
  readonly oneWorkerSeconds: number;
  readonly twoWorkersSeconds: number;
  readonly speedup: number;
}

/**
 * One delta of every org, all started at once (as their 15-minute schedules would), after a share
 * of each org's records changed: the time until the last one completed, with one worker and two.
 */
export const deltaCycleScenario: Scenario<DeltaCycleResult> = {
  name: 'deltaCycle',
  async run(context) {
    const { stack } = context;
    const { orgs: count, recordsPerOrg, changedShare } = context.sizes.deltaCycle;
    const changedPerOrg = Math.max(1, Math.round(recordsPerOrg * changedShare));
    const orgs = await createBenchOrgs(stack, 'delta', count, recordsPerOrg);
    const orgIds = orgs.map((org) => org.orgId);
    await context.emptyTables();
    context.log(`delta cycle: full syncs of ${count} orgs first (2 workers)`);
    const setup = await withWorkers(stack, 2, () => runSyncs(stack, 'full', orgIds));
    await expectSynced(stack, orgs);

    const cycles: number[] = [];
    for (const workers of [1, 2]) {
      await mapLimit(orgs, 16, (org) =>
        stack.sandbox.admin.mutate(org.sandboxOrg.id, { updates: changedPerOrg }),
      );
      context.log(`delta cycle: ${count} deltas with ${changedPerOrg} changes each, ${workers} worker(s)`);
      const batch = await withWorkers(stack, workers, () => runSyncs(stack, 'delta', orgIds));
      expectChangesSynced(batch, changedPerOrg);
      cycles.push(round(batch.seconds, 2));
    }
    const [oneWorkerSeconds, twoWorkersSeconds] = cycles as [number, number];
    return {
      orgs: count,
      recordsPerOrg,
      changedPerOrg,
      setupSeconds: round(setup.seconds, 2),
      oneWorkerSeconds,
      twoWorkersSeconds,
      speedup: round(oneWorkerSeconds / twoWorkersSeconds, 2),
    };
  },
};

/** Each delta must have written exactly the records changed since the last one (re-reads count as unchanged). */
function expectChangesSynced(batch: SyncBatch, changedPerOrg: number): void {
  for (const sync of batch.syncs) {
    const upserted = Object.values(sync.outcome.progress.entities).reduce(
      (sum, entity) => sum + entity.upserted,
      0,
    );
    if (upserted !== changedPerOrg)
      throw new BenchCheckError(
        `the delta upserted ${upserted} records, ${changedPerOrg} changed`,
        sync.workflowId,
      );
  }
}
