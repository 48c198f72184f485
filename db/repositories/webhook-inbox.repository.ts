import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../database';

/** A pending delivery as the forwarder sends it. */
export interface PendingDelivery {
  readonly seq: string;
  readonly entity: string;
  readonly recordId: string;
}

/**
 * Commits a delivery to the inbox, deduplicated by (org, webhook-id) at the insert itself:
 * `duplicate` when that pair is already there (pending or forwarded), so two copies racing in
 * cannot both be accepted.
 *
 * @example
 * await acceptDelivery(db, 'org_1', 'msg_2', { entity: 'invoices', id: 'inv_1' });
 * // insert into webhook_inbox (org_id, webhook_id, entity, record_id) values ($1, $2, $3, $4)
 * //   on conflict (org_id, webhook_id) do nothing returning seq
 */
export async function acceptDelivery(
  db: Kysely<Database>,
  orgId: string,
  webhookId: string,
  ref: { readonly entity: string; readonly id: string },
): Promise<'accepted' | 'duplicate'> {
  const row = await db
    .insertInto('webhook_inbox')
    .values({
      org_id: orgId,
      webhook_id: webhookId,
      entity: ref.entity,
      record_id: ref.id,
      forwarded_at: null,
    })
    .onConflict((conflict) => conflict.columns(['org_id', 'webhook_id']).doNothing())
    .returning('seq')
    .executeTakeFirst();
  return row ? 'accepted' : 'duplicate';
}

/**
 * Takes the org's forwarding turn for the rest of `trx`: true when no other transaction (another
 * receiver replica) holds it. Released by the commit or rollback, also when a process dies.
 *
 * @example
 * await tryLockOrgForwarding(trx, 'org_1');
 * // select pg_try_advisory_xact_lock(hashtext('webhook_inbox'), hashtext($1)) as locked
 */
export async function tryLockOrgForwarding(trx: Transaction<Database>, orgId: string): Promise<boolean> {
  const { rows } = await sql<{ locked: boolean }>`
    select pg_try_advisory_xact_lock(hashtext('webhook_inbox'), hashtext(${orgId})) as locked`.execute(trx);
  return rows[0]?.locked === true;
}

/**
 * The org's oldest pending deliveries, in acceptance order.
 *
 * @example
 * await pendingDeliveries(trx, 'org_1', 100);
 * // select seq, entity, record_id from webhook_inbox where org_id = $1 and forwarded_at is null
 * //   order by seq limit $2
 */
export async function pendingDeliveries(
  db: Kysely<Database>,
  orgId: string,
  limit: number,
): Promise<PendingDelivery[]> {
  const rows = await db
    .selectFrom('webhook_inbox')
    .select(['seq', 'entity', 'record_id'])
    .where('org_id', '=', orgId)
    .where('forwarded_at', 'is', null)
    .orderBy('seq')
    .limit(limit)
    .execute();
  // Pending rows always have a ref (a check constraint says so).
  return rows.map((row) => ({ seq: row.seq, entity: row.entity ?? '', recordId: row.record_id ?? '' }));
}

/** Marks one delivery as handed to Temporal. */
export async function markForwarded(db: Kysely<Database>, seq: string): Promise<void> {
  await db.updateTable('webhook_inbox').set({ forwarded_at: new Date() }).where('seq', '=', seq).execute();
}

/**
 * Orgs with pending deliveries, the longest-waiting first.
 *
 * @example
 * await orgsWithPending(db, 1000);
 * // select org_id from webhook_inbox where forwarded_at is null group by org_id order by min(seq) limit $1
 */
export async function orgsWithPending(db: Kysely<Database>, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('webhook_inbox')
    .select('org_id')
    .where('forwarded_at', 'is', null)
    .groupBy('org_id')
    .orderBy((eb) => eb.fn.min('seq'))
    .limit(limit)
    .execute();
  return rows.map((row) => row.org_id);
}

/** How many deliveries wait for Temporal, and since when the oldest does (null when none). */
export async function inboxBacklog(
  db: Kysely<Database>,
): Promise<{ readonly pending: number; readonly oldestReceivedAt: Date | null }> {
  const row = await db
    .selectFrom('webhook_inbox')
    .select((eb) => [eb.fn.countAll<string>().as('pending'), eb.fn.min('received_at').as('oldest')])
    .where('forwarded_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { pending: Number(row.pending), oldestReceivedAt: row.oldest ?? null };
}

/**
 * Forgets forwarded deliveries received before `before` (senders stop retrying long before);
 * pending ones are kept whatever their age. Returns how many were pruned.
 *
 * @example
 * await pruneForwarded(db, new Date(Date.now() - 3 * 86_400_000));
 * // delete from webhook_inbox where forwarded_at is not null and received_at < $1
 */
export async function pruneForwarded(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('webhook_inbox')
    .where('forwarded_at', 'is not', null)
    .where('received_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
