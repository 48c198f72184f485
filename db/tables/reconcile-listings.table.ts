import type { Selectable } from 'kysely';

/** The source's ID listing of one entity for one reconciliation run (a staging table). */
export interface ReconcileListingsTable {
  sync_id: string;
  org_id: string;
  entity: string;
  external_id: string;
  source_updated_at: Date;
}

export type ReconcileListing = Selectable<ReconcileListingsTable>;
