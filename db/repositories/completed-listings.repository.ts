import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database';
import { dropOtherListings, type ListingScope } from './reconcile-listings.repository';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Why the last completed listing of an (org, entity) is kept, and not dropped as soon as its
 * deletion decision is made: it is the only evidence that separates a deletion the engine missed
 * from one it could not have seen yet. Reconciliation does not rewrite rows it finds unchanged, so
 * a row's `last_synced_at` says nothing about whether a listing contained it; a row alive here and
 * gone from the source is a failure of the engine only if that listing lacked it although the row
 * was written before the listing began (the decision deleted every such row). The alternatives
 * cost more or prove less: stamping every listed row (`last_listed_at`) rewrites the whole table
 * on every run (WAL, bloat, lock time) where keeping costs only the rows the run wrote anyway; a
 * Bloom filter would be smaller but needs a pass over the listing and a format of its own. The
 * price is storage: one listing per (org, entity) between runs, two while a run lists (README).
 */
export interface CompletedListing {
  readonly syncId: string;
  readonly listingStartedAt: Date;
}

/**
 * Makes this run's listing the last completed one of its (org, entity) and drops every other
 * listing of it (the one it replaces). In the transaction of the deletion decision, so the kept
 * listing is always the one the applied deletions were decided on.
 */
export async function keepCompletedListing(
  db: Db,
  scope: ListingScope,
  listingStartedAt: string,
): Promise<void> {
  await db
    .insertInto('reconcile_completed_listings')
    .values({
      org_id: scope.orgId,
      entity: scope.entity,
      sync_id: scope.syncId,
      listing_started_at: new Date(listingStartedAt),
    })
    .onConflict((oc) =>
      oc.columns(['org_id', 'entity']).doUpdateSet({
        sync_id: scope.syncId,
        listing_started_at: new Date(listingStartedAt),
        completed_at: sql`now()`,
      }),
    )
    .execute();
  await dropOtherListings(db, scope);
}

/** The last completed listing of an org's entity, or null when no reconciliation of it completed. */
export async function findCompletedListing(
  db: Db,
  orgId: string,
  entity: string,
): Promise<CompletedListing | null> {
  const row = await db
    .selectFrom('reconcile_completed_listings')
    .select(['sync_id', 'listing_started_at'])
    .where('org_id', '=', orgId)
    .where('entity', '=', entity)
    .executeTakeFirst();
  return row ? { syncId: row.sync_id, listingStartedAt: row.listing_started_at } : null;
}

/** Which of `ids` a listing contains (one primary-key probe each). */
export async function idsInListing(
  db: Db,
  listing: CompletedListing,
  entity: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('reconcile_listings')
    .select('external_id')
    .where('sync_id', '=', listing.syncId)
    .where('entity', '=', entity)
    .where('external_id', '=', sql<string>`any(${[...ids]}::text[])`)
    .execute();
  return new Set(rows.map((row) => row.external_id));
}
