import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { SyncKind } from '../../workflows/shared/sync-kind';

export const SYNC_RUN_STATUSES = ['running', 'succeeded', 'failed', 'held', 'cancelled', 'skipped'] as const;
export type SyncRunStatus = (typeof SYNC_RUN_STATUSES)[number];

/** One row per sync run and entity: what ran, how it ended and what it moved. */
export interface SyncRunsTable {
  id: Generated<string>;
  workflow_id: string;
  run_id: string;
  org_id: string;
  kind: SyncKind;
  /** Null for a row that covers the whole run rather than one entity. */
  entity: string | null;
  status: SyncRunStatus;
  started_at: ColumnType<Date, Date | undefined, never>;
  finished_at: Date | null;
  fetched: Generated<number>;
  upserted: Generated<number>;
  unchanged: Generated<number>;
  quarantined: Generated<number>;
  deleted: Generated<number>;
  revived: Generated<number>;
  /** The failure's type and message; never record contents. */
  error: string | null;
}

export type SyncRun = Selectable<SyncRunsTable>;
export type NewSyncRun = Insertable<SyncRunsTable>;
export type SyncRunUpdate = Updateable<SyncRunsTable>;
