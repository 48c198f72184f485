import { type CompiledQuery, sql } from 'kysely';
import type { ColumnType, EntityDefinition, TransformedRecord } from '../../connectors/connector-definition';
import { encodeColumnValue } from '../../db/entity-writes/column-arrays';
import { ENGINE_INSERT_COLUMNS, monotonicConflictClause } from '../../db/entity-writes/monotonic-conflict';
import { upsertEntityRows } from '../../db/entity-writes/upsert-entity-rows';
import { copyFromStdin, copyTextValue } from './copy-from-stdin';
import { inTransaction, type WriteLane } from './write-lane';

/** The ways the database-limit baseline writes a batch; each applies the engine's monotonic rule. */
export const WRITE_METHODS = ['values', 'unnest', 'copy'] as const;
export type WriteMethod = (typeof WRITE_METHODS)[number];

export type Rows = readonly TransformedRecord<Record<string, unknown>>[];
type BatchWrite = (lane: WriteLane, orgId: string, entity: EntityDefinition, rows: Rows) => Promise<void>;

/** PostgreSQL's bound on the parameters of one statement. */
const MAX_PARAMETERS = 65_535;
const MONOTONIC = { reviveSameVersion: false, monotonic: true } as const;

/** Writes one batch in one transaction, by method. */
export const BATCH_WRITES: Readonly<Record<WriteMethod, BatchWrite>> = {
  /** The engine's own statement: `insert … select from unnest($arrays) on conflict …`. */
  unnest: (lane, orgId, entity, rows) =>
    lane.db.transaction().execute(async (trx) => {
      await upsertEntityRows(trx, { orgId, entity, records: rows });
    }),

  /** `insert … values ($1, …), (…) on conflict …`, as many statements as the parameter bound needs. */
  values: (lane, orgId, entity, rows) => {
    const columns = entityColumns(entity);
    const perRow = 3 + columns.length;
    const { prefix, conflict } = valuesStatement(lane, entity);
    const rowsPerStatement = Math.floor((MAX_PARAMETERS - conflict.parameters.length) / perRow);
    return inTransaction(lane, async (client) => {
      for (let start = 0; start < rows.length; start += rowsPerStatement) {
        const chunk = rows.slice(start, start + rowsPerStatement);
        const parameters: unknown[] = [];
        const tuples = chunk.map((record) => {
          const first = parameters.length + 1;
          parameters.push(orgId, record.externalId, record.sourceUpdatedAt);
          for (const [name, type] of columns) parameters.push(encodeColumnValue(record.row[name], type));
          const own = columns.map((_, index) => `$${first + 3 + index}`).join(', ');
          return `($${first}, $${first + 1}, $${first + 2}, now(), now(), null, ${own})`;
        });
        const tail = shiftPlaceholders(conflict.sql, parameters.length);
        await client.query(`${prefix} ${tuples.join(', ')} ${tail}`, [...parameters, ...conflict.parameters]);
      }
    });
  },

  /** `COPY` into a temporary staging table, then `insert … select … on conflict …` from it. */
  copy: (lane, orgId, entity, rows) => {
    const columns = entityColumns(entity);
    const stage = `bench_stage_${entity.table}`;
    const names = columns.map(([name]) => sql.id(name));
    const insert =
      sql`insert into ${sql.table(entity.table)} as t (${ENGINE_INSERT_COLUMNS}, ${sql.join(names)})
      select ${orgId}, s.external_id, s.source_updated_at, now(), now(), null, ${sql.join(names.map((n) => sql`s.${n}`))}
      from ${sql.table(stage)} s ${monotonicConflictClause(
        columns.map(([name]) => name),
        MONOTONIC,
      )}`.compile(lane.db);
    const data = rows
      .map((record) =>
        [
          record.externalId,
          record.sourceUpdatedAt,
          ...columns.map(([name, type]) => encodeColumnValue(record.row[name], type)),
        ]
          .map(copyTextValue)
          .join('\t'),
      )
      .join('\n');
    return inTransaction(lane, async (client) => {
      if (!lane.stagedTables.has(stage)) {
        const select = ['external_id', 'source_updated_at', ...columns.map(([name]) => `"${name}"`)].join(
          ', ',
        );
        await client.query(
          `create temp table if not exists ${stage} on commit delete rows as select ${select} from ${entity.table} with no data`,
        );
        lane.stagedTables.add(stage);
      }
      const copied = ['external_id', 'source_updated_at', ...columns.map(([name]) => `"${name}"`)].join(', ');
      await copyFromStdin(client, `copy ${stage} (${copied}) from stdin`, Buffer.from(`${data}\n`));
      await client.query(insert.sql, [...insert.parameters]);
    });
  },
};

function entityColumns(entity: EntityDefinition): [string, ColumnType][] {
  return Object.entries(entity.columns as Record<string, ColumnType>);
}

/** The fixed parts of a multi-row VALUES upsert for one entity. */
function valuesStatement(
  lane: WriteLane,
  entity: EntityDefinition,
): { prefix: string; conflict: CompiledQuery } {
  const columns = entityColumns(entity);
  const names = sql.join(columns.map(([name]) => sql.id(name)));
  return {
    prefix:
      sql`insert into ${sql.table(entity.table)} as t (${ENGINE_INSERT_COLUMNS}, ${names}) values`.compile(
        lane.db,
      ).sql,
    conflict: monotonicConflictClause(
      columns.map(([name]) => name),
      MONOTONIC,
    ).compile(lane.db),
  };
}

/** `$1` → `$(1 + offset)`: the conflict clause's parameters come after the rows'. */
function shiftPlaceholders(text: string, offset: number): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
}
