import { sql, type Kysely, type Transaction } from 'kysely';
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

/** Up to this many open entries, the healing candidates are picked here rather than sent whole. */
const OPEN_ENTRIES_READ = 1_000;

/**
 * Marks quarantined records healed: a valid version of each, at least as new as the broken one,
 * was just stored or confirmed. Every page of every sync calls this, and almost always nothing of
 * the entity is quarantined: the open entries are read first (a partial index), so the page's ids
 * go to the database only for the few that are.
 */
export async function resolveQuarantined(
  db: Db,
  orgId: string,
  entity: string,
  stored: readonly { readonly externalId: string; readonly sourceUpdatedAt: string }[],
): Promise<number> {
  if (stored.length === 0) return 0;
  const open = await db
    .selectFrom('quarantine')
    .select('external_id')
    .where('org_id', '=', orgId)
    .where('entity', '=', entity)
    .where('resolved_at', 'is', null)
    .limit(OPEN_ENTRIES_READ + 1)
    .execute();
  if (open.length === 0) return 0;
  const openIds = new Set(open.map((entry) => entry.external_id));
  const candidates =
    open.length > OPEN_ENTRIES_READ ? stored : stored.filter((record) => openIds.has(record.externalId));
  if (candidates.length === 0) return 0;
  const { numAffectedRows } = await sql`
    update quarantine q set resolved_at = now()
    from unnest(${candidates.map((r) => r.externalId)}::text[], ${candidates.map((r) => r.sourceUpdatedAt)}::timestamptz[])
      as v(external_id, source_updated_at)
    where q.org_id = ${orgId} and q.entity = ${entity} and q.external_id = v.external_id
      and q.resolved_at is null
      and (q.source_updated_at is null or q.source_updated_at <= v.source_updated_at)`.execute(db);
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
