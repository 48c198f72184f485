import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';
import type { SyncKind } from '../../workflows/shared/sync-kind';

/**
 * Where a sync of one (org, entity, kind) stands. Written in the same transaction as the rows it
 * covers, so progress and data can never disagree.
 */
export interface SyncCursorsTable {
  org_id: string;
  entity: string;
  kind: SyncKind;
  /** Connector- and kind-specific cursor state (page cursor, watermark, …). */
  cursor: ColumnType<unknown, unknown, unknown>;
  /** Bumped by every write; writers compare-and-set on it. */
  revision: ColumnType<number, number | undefined, number>;
  updated_at: ColumnType<Date, never, Date>;
}

export type SyncCursor = Selectable<SyncCursorsTable>;
export type NewSyncCursor = Insertable<SyncCursorsTable>;
export type SyncCursorUpdate = Updateable<SyncCursorsTable>;
