import type { DbLimitInput, DbLimitResult, DbLimitVariant } from '../baselines/db-limit';
import type { DirectCopyInput, DirectCopyResult } from '../baselines/direct-copy';
import { addEngineOrgs } from '../engine/bench-orgs';
import { BenchCheckError } from '../errors';
import { runChildTask } from '../util/child-task';
import { round } from '../util/stats';
import type { Scenario } from './bench-context';

export interface FullSyncResult {
  readonly records: number;
  readonly engineRecordsPerSec: number;
  readonly directRecordsPerSec: number;
  readonly dbLimitRecordsPerSec: number;
  readonly ratioToDirect: number;
  readonly ratioToDbLimit: number;
  readonly engineSeconds: number;
  readonly directSeconds: number;
  /** Temporal history events of the engine's whole full sync (every continue-as-new run). */
  readonly engineHistoryEvents: number;
  readonly dbLimitBest: Pick<DbLimitVariant, 'method' | 'batchSize' | 'connections'>;
  /** Every database-limit variant measured (the two fastest again, on all the org's rows). */
  readonly dbLimitVariants: readonly DbLimitVariant[];
}

/**
 * One org's full sync, end to end, against what the same rows cost without the engine: the
 * direct-copy script (same API client, same upsert, no Temporal) and the raw database limit (same
 * rows and upsert, no API). Each writes into empty tables; all in the same run, so the ratios hold
 * on a shared machine even when the absolute rates drift.
 */
export const fullSyncScenario: Scenario<FullSyncResult> = {
  name: 'fullSync',
  async run(context) {
    const { stack, sizes } = context;
    const source = await context.bigSource();
    const [dbLimitOrg, directOrg] = await addEngineOrgs(
      stack,
      [source.sandboxOrg, source.sandboxOrg],
      source.records,
    );
    const api = {
      url: stack.sandbox.url,
      token: source.sandboxOrg.token,
      connector: source.sandboxOrg.connector,
    };

    context.log(
      `database limit: ${sizes.fullSync.dbLimitRows.toLocaleString('en')} rows per variant, ` +
        `the two fastest again with all ${source.records.toLocaleString('en')}`,
    );
    const dbLimit = await runChildTask<DbLimitInput, DbLimitResult>(
      require.resolve('../baselines/db-limit'),
      {
        databaseUrl: stack.databaseUrl,
        api,
        orgId: dbLimitOrg!.orgId,
        recordsByEntity: source.recordsByEntity,
        rows: sizes.fullSync.dbLimitRows,
        confirmRows: source.records,
        batchSizes: sizes.fullSync.dbLimitBatchSizes,
        connections: sizes.fullSync.dbLimitConnections,
      },
    );

    await context.emptyTables();
    context.log(`direct copy: ${source.records.toLocaleString('en')} records`);
    const direct = await runChildTask<DirectCopyInput, DirectCopyResult>(
      require.resolve('../baselines/direct-copy'),
      {
        databaseUrl: stack.databaseUrl,
        api,
        orgId: directOrg!.orgId,
      },
    );
    if (direct.records !== source.records)
      throw new BenchCheckError(`copied ${direct.records} of ${source.records} records`, 'direct copy');

    const engine = await context.bigOrgSync();
    const directRecordsPerSec = Math.round(direct.records / direct.seconds);
    const { method, batchSize, connections, rowsPerSecond } = dbLimit.best;
    return {
      records: source.records,
      engineRecordsPerSec: engine.recordsPerSecond,
      directRecordsPerSec,
      dbLimitRecordsPerSec: rowsPerSecond,
      ratioToDirect: round(engine.recordsPerSecond / directRecordsPerSec, 3),
      ratioToDbLimit: round(engine.recordsPerSecond / rowsPerSecond, 3),
      engineSeconds: engine.seconds,
      directSeconds: direct.seconds,
      engineHistoryEvents: engine.historyEvents,
      dbLimitBest: { method, batchSize, connections },
      dbLimitVariants: dbLimit.variants,
    };
  },
};
