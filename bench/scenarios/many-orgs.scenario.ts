import { addEngineOrgs, createSandboxOrgs } from '../engine/bench-orgs';
import { expectSynced } from '../engine/entity-tables';
import { fetchedRecords, runSyncs } from '../engine/run-syncs';
import { withWorkers } from '../stack/worker-fleet';
import { round } from '../util/stats';
import type { Scenario } from './bench-context';

export interface FleetRun {
  readonly seconds: number;
  readonly recordsPerSec: number;
}

export interface ManyOrgsResult {
  readonly orgs: number;
  readonly recordsPerOrg: number;
  readonly oneWorker: FleetRun;
  readonly twoWorkers: FleetRun;
  /** twoWorkers throughput over oneWorker. */
  readonly speedup: number;
}

/**
 * Full syncs of many orgs started at once (a fleet onboarding customers), with one worker and then
 * two. The same sandbox orgs each time, as new engine orgs into empty tables.
 */
export const manyOrgsScenario: Scenario<ManyOrgsResult> = {
  name: 'manyOrgs',
  async run(context) {
    const { stack } = context;
    const { orgs: count, recordsPerOrg } = context.sizes.manyOrgs;
    const sandboxOrgs = await createSandboxOrgs(stack, 'many', count, recordsPerOrg);
    const runs: FleetRun[] = [];
    for (const workers of [1, 2]) {
      const orgs = await addEngineOrgs(stack, sandboxOrgs, recordsPerOrg);
      await context.emptyTables();
      context.log(
        `many orgs: ${count} full syncs of ${recordsPerOrg.toLocaleString('en')} records, ${workers} worker(s)`,
      );
      const batch = await withWorkers(stack, workers, () =>
        runSyncs(
          stack,
          'full',
          orgs.map((org) => org.orgId),
        ),
      );
      await expectSynced(stack, orgs);
      const records = batch.syncs.reduce((sum, sync) => sum + fetchedRecords(sync), 0);
      runs.push({ seconds: round(batch.seconds, 2), recordsPerSec: Math.round(records / batch.seconds) });
    }
    const [oneWorker, twoWorkers] = runs as [FleetRun, FleetRun];
    return {
      orgs: count,
      recordsPerOrg,
      oneWorker,
      twoWorkers,
      speedup: round(twoWorkers.recordsPerSec / oneWorker.recordsPerSec, 2),
    };
  },
};
