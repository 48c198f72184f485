import { sql, type Transaction } from 'kysely';
import type { Database } from '../database';

/**
 * Serialises every write to one (org, entity table) for the rest of the transaction. Page commits
 * of a full sync, a delta, a reconciliation and webhook syncs of the same entity therefore never
 * interleave: each sees the rows the previous one committed, which is what the monotonic-write
 * and deletion rules reason about.
 */
export async function lockEntityForWrite(
  trx: Transaction<Database>,
  orgId: string,
  table: string,
): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${orgId}), hashtext(${table}))`.execute(trx);
}
