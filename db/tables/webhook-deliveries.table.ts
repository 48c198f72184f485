import type { Generated, Selectable } from 'kysely';

/** A webhook delivery already handed to Temporal (dedupe by the sender's webhook-id). */
export interface WebhookDeliveriesTable {
  org_id: string;
  webhook_id: string;
  received_at: Generated<Date>;
}

export type WebhookDelivery = Selectable<WebhookDeliveriesTable>;
