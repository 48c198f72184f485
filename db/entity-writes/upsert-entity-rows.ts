import { type RawBuilder, sql, type Transaction } from 'kysely';
import type { EntityDefinition, TransformedRecord } from '../../connectors/connector-definition';
import type { Database } from '../database';
import { healQuarantineStatement } from '../repositories/quarantine.repository';
import { arrayLiteral, entityColumnArrays } from './column-arrays';
import { ENGINE_INSERT_COLUMNS, monotonicConflictClause } from './monotonic-conflict';

export interface UpsertCounts {
  /** New rows. */
  readonly inserted: number;
  /** Rows replaced by a newer (or same-time but different) version. */
  readonly updated: number;
  /** Records whose row already held this version (or a newer one), or given twice: counted, not rewritten. */
  readonly unchanged: number;
  /** Soft-deleted rows brought back by this write. */
  readonly revived: number;
}

export interface UpsertOptions {
  readonly orgId: string;
  readonly entity: EntityDefinition;
  readonly records: readonly TransformedRecord<Record<string, unknown>>[];
  /**
   * Also revive soft-deleted rows whose stored version is not older (reconciliation, which has
   * just seen the record in the source's complete ID listing). Otherwise only a strictly newer
   * version revives a row, so a page fetched before a deletion cannot undo it.
   */
  readonly reviveSameVersion?: boolean;
  /** False only under the chaos suite's `no-monotonic` test switch: then any version overwrites. */
  readonly monotonic?: boolean;
  /**
   * Also heal, in the same statement, the open quarantine entries of this entity that these
   * records are at least as new as (see `resolveQuarantined`).
   */
  readonly healQuarantineOf?: string;
}

/**
 * Monotonic bulk upsert: a row is replaced only by a version whose source `updated_at` is newer,
 * or equal with different contents; an older version never overwrites a newer one (late webhooks,
 * slow pages, retried activities). One statement per page, whatever its size.
 *
 * ```sql
 * insert into t (...) select ... from unnest($ids::text[], $updated::timestamptz[], $c1::text[], ...)
 * on conflict (org_id, external_id) do update set ... where t.source_updated_at < excluded.source_updated_at or ...
 * ```
 */
export async function upsertEntityRows(
  trx: Transaction<Database>,
  options: UpsertOptions,
): Promise<UpsertCounts> {
  const records = newestPerId(options.records);
  if (records.length === 0) return { inserted: 0, updated: 0, unchanged: 0, revived: 0 };
  const table = sql.table(options.entity.table);
  const columns = entityColumnArrays(options.entity, records);
  const names = columns.map((column) => sql.id(column.name));
  const conflict = monotonicConflictClause(
    columns.map((column) => column.name),
    { reviveSameVersion: options.reviveSameVersion ?? false, monotonic: options.monotonic ?? true },
  );

  // Counted in the database: a page's worth of returned rows would cost both sides more than the counts.
  const { rows } = await sql<{ written: string; inserted: string; revived: string }>`
    with input as (
      select * from unnest(
        ${arrayLiteral(records.map((record) => record.externalId))}::text[],
        ${arrayLiteral(records.map((record) => record.sourceUpdatedAt))}::timestamptz[],
        ${sql.join(columns.map((column) => column.values))}
      ) as i(external_id, source_updated_at, ${sql.join(names)})
    ),
    ${options.healQuarantineOf === undefined ? sql`` : healQuarantine(options.orgId, options.healQuarantineOf)}
    written as (
      insert into ${table} as t (${ENGINE_INSERT_COLUMNS}, ${sql.join(names)})
      select ${options.orgId}, i.external_id, i.source_updated_at, now(), now(), null, ${sql.join(names.map((name) => sql`i.${name}`))}
      from input i
      ${conflict}
      returning t.external_id, (xmax = 0) as inserted
    )
    -- Revived: rows this statement updated that were soft-deleted before it (every part of one
    -- statement reads the table as it was before the statement). One index probe per updated row,
    -- none for an inserted one (a full sync's initial load). As a plain join the planner scanned
    -- every row of the org instead: 230 ms per batch at 1,000,000 rows, so a full sync slowed as
    -- its table grew. LIMIT keeps the subquery from being flattened into such a join.
    select count(*) as written,
      count(*) filter (where w.inserted) as inserted,
      count(deleted.hit) as revived
    from written w left join lateral (
      select 1 as hit from ${table} t
      where not w.inserted and t.org_id = ${options.orgId} and t.external_id = w.external_id
        and t.deleted_at is not null
      limit 1
    ) deleted on true`.execute(trx);

  const counted = rows[0]!;
  const written = Number(counted.written);
  const inserted = Number(counted.inserted);
  const revived = Number(counted.revived);
  // A record given twice (pages of one batch may overlap) counts its older copy as unchanged.
  const unchanged = options.records.length - written;
  return { inserted, updated: written - inserted, unchanged, revived };
}

/** The `healed` step of the upsert: one statement instead of a round trip per page for a table that is nearly always empty. */
function healQuarantine(orgId: string, entity: string): RawBuilder<unknown> {
  return sql`healed as (${healQuarantineStatement(orgId, entity, sql`input v`)}),`;
}

/** A page may (rarely) carry one id twice; one statement may not touch a row twice, so keep the newest. */
function newestPerId<T extends TransformedRecord<unknown>>(records: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const record of records) {
    const kept = byId.get(record.externalId);
    if (!kept || Date.parse(kept.sourceUpdatedAt) <= Date.parse(record.sourceUpdatedAt)) {
      byId.set(record.externalId, record);
    }
  }
  return [...byId.values()];
}
