import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../database';

/** Soft-deletes these records (the API answered 404 for them); returns how many were live. */
export async function softDeleteRecords(
  db: Kysely<Database> | Transaction<Database>,
  orgId: string,
  table: string,
  externalIds: readonly string[],
): Promise<number> {
  if (externalIds.length === 0) return 0;
  const result = await sql`
    update ${sql.table(table)} set deleted_at = now()
    where org_id = ${orgId} and external_id = any(${externalIds}::text[]) and deleted_at is null`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}
