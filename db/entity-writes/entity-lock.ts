import { sql, type Transaction } from 'kysely';
import type { Database } from '../database';

/**
 * How a transaction holds the write lock of one (org, entity table):
 * - `exclusive`: alone. Deltas, webhook record syncs and reconciliation write this way, so each
 *   sees the rows the previous writer committed, which is what the monotonic-write and deletion
 *   rules reason about.
 * - `batches`: together with the other batches of the same full sync, and only with them. The page
 *   loop overlaps two consecutive batches whose records are disjoint: neither waits for a row the
 *   other holds, and the later one takes the cursor only after the earlier one committed.
 */
export type EntityLockMode = 'exclusive' | 'batches';

/** Takes the (org, entity table) write lock for the rest of the transaction. */
export async function lockEntityForWrite(
  trx: Transaction<Database>,
  orgId: string,
  table: string,
  mode: EntityLockMode = 'exclusive',
): Promise<void> {
  if (mode === 'batches') {
    await sql`select pg_advisory_xact_lock_shared(hashtext(${orgId}), hashtext(${table}))`.execute(trx);
  } else {
    await sql`select pg_advisory_xact_lock(hashtext(${orgId}), hashtext(${table}))`.execute(trx);
  }
}
