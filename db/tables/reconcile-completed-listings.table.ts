import type { ColumnType, Insertable, Selectable } from 'kysely';

/**
 * The last completed reconciliation listing of one (org, entity): its rows in reconcile_listings
 * (by `sync_id`) are kept until the next reconciliation of the entity completes.
 */
export interface ReconcileCompletedListingsTable {
  org_id: string;
  entity: string;
  sync_id: string;
  /** Database time when that listing began: rows written before it and not in it were deleted. */
  listing_started_at: Date;
  completed_at: ColumnType<Date, Date | undefined, Date>;
}

export type ReconcileCompletedListing = Selectable<ReconcileCompletedListingsTable>;
export type NewReconcileCompletedListing = Insertable<ReconcileCompletedListingsTable>;
