import type { OrgCredentials } from '../../sandbox';
import { addEngineOrgs, createSandboxOrgs } from '../engine/bench-orgs';
import { emptyEntityTables, expectSynced } from '../engine/entity-tables';
import { historyOfChain } from '../engine/history-events';
import { runSyncs } from '../engine/run-syncs';
import type { ScenarioName } from '../options';
import type { BenchSizes } from '../sizes';
import type { BenchStack } from '../stack/bench-stack';
import { withWorkers } from '../stack/worker-fleet';
import { round } from '../util/stats';

/** The big org at the sandbox: its credentials and records per entity. */
export interface BigSource {
  readonly sandboxOrg: OrgCredentials;
  readonly records: number;
  readonly recordsByEntity: Readonly<Record<string, number>>;
}

/** The engine's full sync of the big org, with a fresh single worker. */
export interface BigOrgSync {
  readonly orgId: string;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  /** The worker's peak resident set during the sync. */
  readonly peakRssMb: number;
  readonly historyEvents: number;
}

/** What scenarios share: the servers, the sizes, and the big org (synced once, used by several). */
export interface BenchContext {
  readonly stack: BenchStack;
  readonly sizes: BenchSizes;
  log(message: string): void;
  bigSource(): Promise<BigSource>;
  /** Syncs the big org with the engine into empty tables, unless that was done since the tables were last emptied. */
  bigOrgSync(): Promise<BigOrgSync>;
  /** Empties the entity tables, so the next measurement starts where every other one did. */
  emptyTables(): Promise<void>;
}

export interface Scenario<R> {
  readonly name: ScenarioName;
  run(context: BenchContext): Promise<R>;
}

export function createBenchContext(
  stack: BenchStack,
  sizes: BenchSizes,
  log: (message: string) => void,
): BenchContext {
  let source: Promise<BigSource> | undefined;
  let synced: Promise<BigOrgSync> | undefined;
  const context: BenchContext = {
    stack,
    sizes,
    log,
    bigSource: () => (source ??= createBigSource(stack, sizes.fullSync.records)),
    bigOrgSync: () => (synced ??= syncBigOrg(context)),
    async emptyTables() {
      synced = undefined;
      await emptyEntityTables(stack.db);
    },
  };
  return context;
}

async function createBigSource(stack: BenchStack, records: number): Promise<BigSource> {
  const [sandboxOrg] = await createSandboxOrgs(stack, 'big', 1, records);
  const summary = (await stack.sandbox.admin.listOrgs()).find((org) => org.id === sandboxOrg!.id);
  return { sandboxOrg: sandboxOrg!, records, recordsByEntity: summary?.records ?? {} };
}

async function syncBigOrg(context: BenchContext): Promise<BigOrgSync> {
  const { stack } = context;
  const source = await context.bigSource();
  const [org] = await addEngineOrgs(stack, [source.sandboxOrg], source.records);
  // Not context.emptyTables(): that would forget this very sync.
  await emptyEntityTables(stack.db);
  context.log(`engine: full sync of ${source.records.toLocaleString('en')} records, 1 worker`);
  const { batch, peakRssMb } = await withWorkers(stack, 1, async (fleet) => {
    const done = await runSyncs(stack, 'full', [org!.orgId]);
    return { batch: done, peakRssMb: fleet.peakRssMb()[0]! };
  });
  await expectSynced(stack, [org!]);
  const [sync] = batch.syncs;
  const history = await historyOfChain(stack.temporal, sync!.workflowId, sync!.runId);
  return {
    orgId: org!.orgId,
    seconds: round(batch.seconds, 2),
    recordsPerSecond: Math.round(source.records / batch.seconds),
    peakRssMb: round(peakRssMb, 1),
    historyEvents: history.events,
  };
}
