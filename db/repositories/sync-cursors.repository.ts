import { sql, type Kysely, type Transaction } from 'kysely';
import type { SyncKind } from '../../workflows/shared/sync-kind';
import type { Database } from '../database';

type Db = Kysely<Database> | Transaction<Database>;

export interface CursorKey {
  readonly orgId: string;
  readonly entity: string;
  readonly kind: SyncKind;
}

export interface StoredCursor<T> {
  readonly cursor: T;
  /** 0 when no cursor was stored yet. */
  readonly revision: number;
}

/** The cursor of (org, entity, kind), or revision 0 and undefined when none was stored. */
export async function readCursor<T>(db: Db, key: CursorKey): Promise<StoredCursor<T | undefined>> {
  const row = await db
    .selectFrom('sync_cursors')
    .select(['cursor', 'revision'])
    .where('org_id', '=', key.orgId)
    .where('entity', '=', key.entity)
    .where('kind', '=', key.kind)
    .executeTakeFirst();
  return row ? { cursor: row.cursor as T, revision: row.revision } : { cursor: undefined, revision: 0 };
}

/**
 * Stores `cursor` if the stored revision is still `expectedRevision` and returns the new revision;
 * returns undefined when another writer moved it first (this writer is superseded and must stop).
 * Call inside the transaction that writes the rows the cursor covers.
 */
export async function compareAndSetCursor(
  trx: Transaction<Database>,
  key: CursorKey,
  expectedRevision: number,
  cursor: unknown,
): Promise<number | undefined> {
  const value = JSON.stringify(cursor);
  if (expectedRevision === 0) {
    const inserted = await trx
      .insertInto('sync_cursors')
      .values({ org_id: key.orgId, entity: key.entity, kind: key.kind, cursor: value, revision: 1 })
      .onConflict((conflict) => conflict.columns(['org_id', 'entity', 'kind']).doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1 ? 1 : undefined;
  }
  const updated = await trx
    .updateTable('sync_cursors')
    .set({ cursor: value, revision: expectedRevision + 1, updated_at: sql<Date>`now()` })
    .where('org_id', '=', key.orgId)
    .where('entity', '=', key.entity)
    .where('kind', '=', key.kind)
    .where('revision', '=', expectedRevision)
    .executeTakeFirst();
  return updated.numUpdatedRows === 1n ? expectedRevision + 1 : undefined;
}

/** Every cursor of an org (for status and verify). */
export function listCursors(db: Db, orgId: string) {
  return db.selectFrom('sync_cursors').selectAll().where('org_id', '=', orgId).orderBy('entity').execute();
}
