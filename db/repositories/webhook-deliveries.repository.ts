import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';

/** True when this delivery (org, webhook-id) was already handed to Temporal. */
export async function isDeliveryRecorded(
  db: Kysely<Database>,
  orgId: string,
  webhookId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('webhook_deliveries')
    .select('webhook_id')
    .where('org_id', '=', orgId)
    .where('webhook_id', '=', webhookId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Remembers a delivery that Temporal accepted. Idempotent: two concurrent duplicates may both get
 * here (both signalled; the workflow collapses them).
 *
 * @example
 * await recordDelivery(db, 'org_1', 'msg_2');
 * // insert into webhook_deliveries (org_id, webhook_id) values ($1, $2) on conflict do nothing
 */
export async function recordDelivery(db: Kysely<Database>, orgId: string, webhookId: string): Promise<void> {
  await db
    .insertInto('webhook_deliveries')
    .values({ org_id: orgId, webhook_id: webhookId })
    .onConflict((conflict) => conflict.columns(['org_id', 'webhook_id']).doNothing())
    .execute();
}

/**
 * Forgets deliveries received before `before` (senders stop retrying long before); returns how many.
 *
 * @example
 * await pruneDeliveries(db, new Date(Date.now() - 3 * 86_400_000));
 * // delete from webhook_deliveries where received_at < $1
 */
export async function pruneDeliveries(db: Kysely<Database>, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('webhook_deliveries')
    .where('received_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
