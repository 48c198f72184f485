import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../database';

/**
 * Soft-deletes these records (the API answered 404 for them); returns how many were live. A row
 * written at or after `askedAt` (database time, taken before the requests that answered 404) is
 * kept: that write saw the record later than our 404 did, so the 404 is older news (a record
 * re-created meanwhile, revived by a webhook sync or a delta).
 */
export async function softDeleteRecords(
  db: Kysely<Database> | Transaction<Database>,
  orgId: string,
  table: string,
  externalIds: readonly string[],
  askedAt?: Date,
): Promise<number> {
  if (externalIds.length === 0) return 0;
  const writtenBefore = askedAt === undefined ? sql`true` : sql`last_synced_at < ${askedAt}`;
  const result = await sql`
    update ${sql.table(table)} set deleted_at = now()
    where org_id = ${orgId} and external_id = any(${externalIds}::text[]) and deleted_at is null
      and ${writtenBefore}`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}
