import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database';

type Db = Kysely<Database> | Transaction<Database>;

export interface ListingScope {
  readonly syncId: string;
  readonly orgId: string;
  readonly entity: string;
  readonly table: string;
}

/** Adds a page of the source's ID listing; a retried page adds nothing twice. */
export async function addListedIds(
  db: Db,
  scope: ListingScope,
  entries: readonly { readonly id: string; readonly updatedAt: string }[],
): Promise<void> {
  if (entries.length === 0) return;
  await sql`
    insert into reconcile_listings (sync_id, org_id, entity, external_id, source_updated_at)
    select ${scope.syncId}, ${scope.orgId}, ${scope.entity}, id, updated_at
    from unnest(${entries.map((e) => e.id)}::text[], ${entries.map((e) => e.updatedAt)}::timestamptz[]) as v(id, updated_at)
    on conflict do nothing`.execute(db);
}

/**
 * Refreshes the planner's statistics of the listings once a listing is complete: the table fills
 * from empty on every run, so without this the decision queries are planned for a table that holds
 * none of this run's ids. Samples a bounded number of rows, whatever the table's size.
 */
export async function refreshListingStatistics(db: Db): Promise<void> {
  await sql`analyze reconcile_listings`.execute(db);
}

/**
 * Drops listings of this org and entity that belong to other (older, abandoned) reconciliation
 * runs, except the last completed one: `verify` reads that until this run completes.
 */
export async function dropOtherListings(db: Db, scope: ListingScope): Promise<void> {
  await db
    .deleteFrom('reconcile_listings')
    .where('org_id', '=', scope.orgId)
    .where('entity', '=', scope.entity)
    .where('sync_id', '<>', scope.syncId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('reconcile_completed_listings as c')
            .select('c.sync_id')
            .where('c.org_id', '=', scope.orgId)
            .where('c.entity', '=', scope.entity)
            .whereRef('c.sync_id', '=', 'reconcile_listings.sync_id'),
        ),
      ),
    )
    .execute();
}

export async function dropListing(db: Db, scope: ListingScope): Promise<void> {
  await db
    .deleteFrom('reconcile_listings')
    .where('sync_id', '=', scope.syncId)
    .where('entity', '=', scope.entity)
    .execute();
}

/**
 * Listed ids whose row is missing, older than the listing, or soft-deleted: what reconciliation
 * fetches and upserts. Keyset on external_id, `limit` at a time.
 */
export async function idsToHeal(
  db: Db,
  scope: ListingScope,
  after: string | null,
  limit: number,
): Promise<string[]> {
  const { rows } = await sql<{ external_id: string }>`
    select s.external_id from reconcile_listings s
    left join ${sql.table(scope.table)} t on t.org_id = ${scope.orgId} and t.external_id = s.external_id
    where s.sync_id = ${scope.syncId} and s.entity = ${scope.entity} and s.external_id > ${after ?? ''}
      and (t.external_id is null or t.source_updated_at < s.source_updated_at or t.deleted_at is not null)
    order by s.external_id
    limit ${limit}`.execute(db);
  return rows.map((row) => row.external_id);
}

/**
 * The rows a completed listing proves deleted: live, not listed, and last written before the
 * listing began. A row written after that (first stored, revived or updated) was alive at the
 * source after the listing passed its id (a creation, or a re-creation of a deleted id): deleting
 * it would be wrong; if it is gone again, the next reconciliation sees it.
 * `listingStartedAt` null drops that guard (the chaos suite's test switch only).
 */
function deletionCandidates(scope: ListingScope, listingStartedAt: string | null) {
  const writtenBeforeListing =
    listingStartedAt === null ? sql`true` : sql`t.last_synced_at < ${listingStartedAt}::timestamptz`;
  return sql`
    t.org_id = ${scope.orgId} and t.deleted_at is null and ${writtenBeforeListing}
    and not exists (
      select 1 from reconcile_listings s
      where s.sync_id = ${scope.syncId} and s.entity = ${scope.entity} and s.external_id = t.external_id)`;
}

/**
 * Resolves quarantined records that a completed listing proves gone: not listed, and last seen
 * malformed before the listing began (one seen since may be a creation the listing passed).
 * Deleting a record at the source ends its quarantine, whether or not a valid version was ever
 * stored. `listingStartedAt` null drops the guard, as for deletions.
 */
export async function resolveQuarantineOfUnlisted(
  db: Db,
  scope: ListingScope,
  listingStartedAt: string | null,
): Promise<number> {
  const seenBeforeListing =
    listingStartedAt === null ? sql`true` : sql`q.last_seen_at < ${listingStartedAt}::timestamptz`;
  const result = await sql`
    update quarantine q set resolved_at = now()
    where q.org_id = ${scope.orgId} and q.entity = ${scope.entity} and q.resolved_at is null
      and ${seenBeforeListing}
      and not exists (
        select 1 from reconcile_listings s
        where s.sync_id = ${scope.syncId} and s.entity = ${scope.entity} and s.external_id = q.external_id)`.execute(
    db,
  );
  return Number(result.numAffectedRows ?? 0n);
}

export async function countDeletionCandidates(
  db: Db,
  scope: ListingScope,
  listingStartedAt: string | null,
): Promise<{ readonly wouldDelete: number; readonly live: number }> {
  const { rows } = await sql<{ would_delete: number; live: number }>`
    select
      (select count(*) from ${sql.table(scope.table)} t where ${deletionCandidates(scope, listingStartedAt)})::int as would_delete,
      (select count(*) from ${sql.table(scope.table)} t where t.org_id = ${scope.orgId} and t.deleted_at is null)::int as live`.execute(
    db,
  );
  return { wouldDelete: rows[0]?.would_delete ?? 0, live: rows[0]?.live ?? 0 };
}

/** Soft-deletes what the listing proves deleted; returns how many rows. */
export async function softDeleteUnlisted(
  db: Db,
  scope: ListingScope,
  listingStartedAt: string | null,
): Promise<number> {
  const result = await sql`
    update ${sql.table(scope.table)} t set deleted_at = now()
    where ${deletionCandidates(scope, listingStartedAt)}`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}
