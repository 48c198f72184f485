import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Database } from '../database';

type Db = Kysely<Database> | Transaction<Database>;

export interface QuarantineEntry {
  readonly externalId: string;
  /** The broken version's delta-field value, if readable. */
  readonly sourceUpdatedAt: string | null;
  readonly payload: unknown;
  /** Path and expected type only: never the offending value. */
  readonly error: string;
}

/** Records (or re-records) invalid records; a repeat bumps its count and last-seen time. */
export async function quarantineRecords(
  db: Db,
  orgId: string,
  entity: string,
  entries: readonly QuarantineEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const unique = [...new Map(entries.map((entry) => [entry.externalId, entry])).values()];
  await db
    .insertInto('quarantine')
    .values(
      unique.map((entry) => ({
        org_id: orgId,
        entity,
        external_id: entry.externalId,
        payload: JSON.stringify(entry.payload ?? null),
        error: entry.error,
        source_updated_at: entry.sourceUpdatedAt === null ? null : new Date(entry.sourceUpdatedAt),
        last_seen_at: sql<Date>`now()`,
      })),
    )
    .onConflict((conflict) =>
      conflict.columns(['org_id', 'entity', 'external_id']).doUpdateSet({
        payload: sql`excluded.payload`,
        error: (eb) => eb.ref('excluded.error'),
        source_updated_at: (eb) => eb.ref('excluded.source_updated_at'),
        last_seen_at: sql<Date>`now()`,
        count: sql<number>`quarantine.count + 1`,
        resolved_at: null,
      }),
    )
    .execute();
}

/**
 * The statement that marks quarantined records healed by `healthy` (a row source with
 * `external_id` and `source_updated_at`, aliased `v`): a valid version of each, at least as new as
 * the broken one, was just stored or confirmed. Also used inside the page upsert (see
 * `upsertEntityRows`).
 */
export function healQuarantineStatement(orgId: string, entity: string, healthy: RawBuilder<unknown>) {
  return sql`
    update quarantine q set resolved_at = now()
    from ${healthy}
    where q.org_id = ${orgId} and q.entity = ${entity} and q.external_id = v.external_id
      and q.resolved_at is null
      and (q.source_updated_at is null or q.source_updated_at <= v.source_updated_at)`;
}

/** Marks quarantined records healed by these stored or confirmed versions (see `healQuarantineStatement`). */
export async function resolveQuarantined(
  db: Db,
  orgId: string,
  entity: string,
  stored: readonly { readonly externalId: string; readonly sourceUpdatedAt: string }[],
): Promise<number> {
  if (stored.length === 0) return 0;
  const healthy = sql`unnest(${stored.map((r) => r.externalId)}::text[], ${stored.map((r) => r.sourceUpdatedAt)}::timestamptz[])
      as v(external_id, source_updated_at)`;
  const { numAffectedRows } = await healQuarantineStatement(orgId, entity, healthy).execute(db);
  return Number(numAffectedRows ?? 0n);
}

/**
 * Marks quarantined records resolved because the source no longer has them (the API answered 404):
 * nothing is left to heal, and `quarantine list` should not show them.
 */
export async function resolveQuarantinedGone(
  db: Db,
  orgId: string,
  entity: string,
  externalIds: readonly string[],
): Promise<number> {
  if (externalIds.length === 0) return 0;
  const { numUpdatedRows } = await db
    .updateTable('quarantine')
    .set({ resolved_at: sql`now()` })
    .where('org_id', '=', orgId)
    .where('entity', '=', entity)
    .where('external_id', 'in', externalIds)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return Number(numUpdatedRows);
}

/** Unresolved quarantined records of an org, oldest first. */
export function listQuarantined(db: Db, orgId: string, entity?: string) {
  let query = db
    .selectFrom('quarantine')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('resolved_at', 'is', null);
  if (entity) query = query.where('entity', '=', entity);
  return query.orderBy('entity').orderBy('external_id').execute();
}
