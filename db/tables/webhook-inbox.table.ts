import type { Generated, Insertable, Selectable } from 'kysely';

/**
 * A webhook delivery accepted durably (202 sent after its commit), pending until the forwarder
 * has handed it to Temporal; kept after that for dedupe by the sender's webhook-id.
 */
export interface WebhookInboxTable {
  /** Acceptance order: the forwarder signals an org's rows in this order. */
  seq: Generated<string>;
  org_id: string;
  webhook_id: string;
  /** The changed record; null only on rows carried over from webhook_deliveries (forwarded). */
  entity: string | null;
  record_id: string | null;
  received_at: Generated<Date>;
  /** When Temporal accepted the signal; null while pending. */
  forwarded_at: Date | null;
}

export type WebhookInboxRow = Selectable<WebhookInboxTable>;
export type NewWebhookInboxRow = Insertable<WebhookInboxTable>;
