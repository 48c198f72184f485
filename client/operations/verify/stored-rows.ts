import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/database';

export interface StoredRow {
  readonly externalId: string;
  readonly sourceUpdatedAt: Date;
  /** When the engine last wrote the row (stored, updated, revived or soft-deleted), database time. */
  readonly writtenAt: Date;
  readonly deleted: boolean;
}

/** Every row of an org's entity table (soft-deleted ones too), in id order, a batch at a time. */
export async function* storedRowsById(
  db: Kysely<Database>,
  table: string,
  orgId: string,
  batchSize = 5_000,
): AsyncGenerator<StoredRow> {
  let after = '';
  for (;;) {
    const { rows } = await sql<{
      external_id: string;
      source_updated_at: Date;
      written_at: Date;
      deleted: boolean;
    }>`
      select external_id, source_updated_at, greatest(last_synced_at, deleted_at) as written_at,
        deleted_at is not null as deleted
      from ${sql.table(table)} where org_id = ${orgId} and external_id > ${after}
      order by external_id limit ${batchSize}`.execute(db);
    for (const row of rows) {
      yield {
        externalId: row.external_id,
        sourceUpdatedAt: row.source_updated_at,
        writtenAt: row.written_at,
        deleted: row.deleted,
      };
    }
    if (rows.length < batchSize) return;
    after = rows[rows.length - 1]!.external_id;
  }
}
