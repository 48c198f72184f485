import { createDatabase } from '../../db/connection';
import { emptyEntityTables } from '../engine/entity-tables';
import { isChildTask, serveChildTask } from '../util/child-task';
import { round, secondsSince } from '../util/stats';
import { sampleRows, type EntitySample, type SourceApi } from './sample-rows';
import { openWriteLane } from './write-lane';
import { BATCH_WRITES, WRITE_METHODS, type WriteMethod } from './write-methods';

export interface DbLimitInput {
  readonly databaseUrl: string;
  readonly api: SourceApi;
  /** An organization row the written rows belong to (entity tables reference organizations). */
  readonly orgId: string;
  /** The source org's records per entity: the sample keeps its mix. */
  readonly recordsByEntity: Readonly<Record<string, number>>;
  /** Rows each variant of the sweep writes. */
  readonly rows: number;
  /** Rows the two fastest variants then write once more: the org's, as many as the engine writes. */
  readonly confirmRows: number;
  readonly batchSizes: readonly number[];
  readonly connections: readonly number[];
}

export interface DbLimitVariant {
  readonly method: WriteMethod;
  readonly batchSize: number;
  readonly connections: number;
  readonly rows: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
}

export interface DbLimitResult {
  /** The faster of the sweep's two fastest variants, measured again on `confirmRows` rows. */
  readonly best: DbLimitVariant;
  readonly variants: readonly DbLimitVariant[];
}

/**
 * The raw database limit: how fast this PostgreSQL absorbs the org's rows, already transformed (no
 * API), with the engine's monotonic upsert, written as multi-row VALUES, `unnest` arrays or COPY into
 * a staging table, in batches of several sizes (one transaction each) on one or more connections.
 * Every variant starts from empty tables, as the engine's full sync does.
 */
export async function measureDbLimit(input: DbLimitInput): Promise<DbLimitResult> {
  const samples = await sampleRows(input.api, input.recordsByEntity, input.rows);
  const variants: DbLimitVariant[] = [];
  for (const method of WRITE_METHODS)
    for (const batchSize of input.batchSizes)
      for (const connections of input.connections)
        variants.push(await measureVariant(input, samples, { method, batchSize, connections }));
  const leaders = [...variants].sort((a, b) => b.rowsPerSecond - a.rowsPerSecond).slice(0, 2);
  // A table's upsert slows as it grows: the limit is taken on as many rows as the engine writes.
  const confirmSamples =
    input.confirmRows > input.rows
      ? await sampleRows(input.api, input.recordsByEntity, input.confirmRows)
      : samples;
  const repeats = [];
  for (const leader of leaders) repeats.push(await measureVariant(input, confirmSamples, leader));
  const best = repeats.reduce((a, b) => (b.rowsPerSecond > a.rowsPerSecond ? b : a));
  return { best, variants: [...variants, ...repeats] };
}

async function measureVariant(
  input: DbLimitInput,
  samples: readonly EntitySample[],
  variant: Pick<DbLimitVariant, 'method' | 'batchSize' | 'connections'>,
): Promise<DbLimitVariant> {
  const admin = createDatabase({
    url: input.databaseUrl,
    poolSize: 1,
    applicationName: 'sync-engine-bench-db-limit',
  });
  const lanes = await Promise.all(
    Array.from({ length: variant.connections }, () => openWriteLane(input.databaseUrl)),
  );
  try {
    await emptyEntityTables(admin);
    const write = BATCH_WRITES[variant.method];
    let rows = 0;
    const started = performance.now();
    // Entity after entity, as a sync writes them; each connection takes the next batch of the entity.
    for (const { entity, rows: entityRows } of samples) {
      let next = 0;
      await Promise.all(
        lanes.map(async (lane) => {
          for (let start = next; start < entityRows.length; start = next) {
            next += variant.batchSize;
            const batch = entityRows.slice(start, start + variant.batchSize);
            await write(lane, input.orgId, entity, batch);
            rows += batch.length;
          }
        }),
      );
    }
    const seconds = secondsSince(started);
    return { ...variant, rows, seconds: round(seconds, 3), rowsPerSecond: Math.round(rows / seconds) };
  } finally {
    await Promise.all(lanes.map((lane) => lane.close()));
    await admin.destroy();
  }
}

if (isChildTask()) serveChildTask(measureDbLimit);
