import type { IncomingHttpHeaders } from 'node:http';
import type { Kysely } from 'kysely';
import type { Logger } from '../../config/logger';
import type { Database } from '../../db/database';
import { checkSignature } from './signature-check';
import { acceptDelivery } from '../../db/repositories/webhook-inbox.repository';
import { parseWebhookEvent } from './webhook-event';
import type { WebhookOrgCache } from './webhook-org-cache';
import type { Verdict } from './webhook-outcome';

export interface DeliveryDeps {
  readonly db: Kysely<Database>;
  readonly orgs: WebhookOrgCache;
  /** Told of every newly committed delivery, so it reaches Temporal without waiting for a sweep. */
  readonly inbox: { wake(orgId: string): void };
  readonly toleranceSeconds: number;
}

/** One POST to `/webhooks/:orgId`, body as received. */
export interface IncomingDelivery {
  readonly orgId: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

const MAX_WEBHOOK_ID_LENGTH = 256;

/**
 * Takes a delivery from "bytes arrived" to "committed to the inbox": org, signature, timestamp,
 * event, then one insert that also dedupes (unique (org, webhook-id)). 202 means that commit
 * happened; the forwarder hands the row to Temporal afterwards, so Temporal being away does not
 * refuse anything. It never writes entity rows: the record-sync workflow fetches the record from
 * the API, so a forged or stale body could at worst cause one extra fetch.
 */
export async function processDelivery(
  deps: DeliveryDeps,
  delivery: IncomingDelivery,
  log: Logger,
): Promise<Verdict> {
  let org;
  try {
    org = await deps.orgs.get(delivery.orgId);
  } catch (err) {
    return unavailable('the organization could not be looked up', err);
  }
  if (!org) return { outcome: 'unknown_org', message: 'no organization with this id receives webhooks' };

  const signature = checkSignature(
    org.signer,
    delivery.body,
    delivery.headers,
    deps.toleranceSeconds,
    Date.now(),
  );
  if (!signature.ok) return signature;
  const { webhookId } = signature;
  if (webhookId.length > MAX_WEBHOOK_ID_LENGTH)
    return { outcome: 'malformed', message: `webhook-id: longer than ${MAX_WEBHOOK_ID_LENGTH} characters` };

  const event = parseWebhookEvent(delivery.body, org.entities);
  if (!event.ok) return { outcome: 'malformed', message: event.message };
  const { entity } = event.ref;

  let accepted;
  try {
    accepted = await acceptDelivery(deps.db, org.id, webhookId, event.ref);
  } catch (err) {
    return unavailable('the delivery could not be stored', err);
  }
  if (accepted === 'duplicate') return { outcome: 'duplicate', entity };
  log.debug('webhook committed to the inbox');
  deps.inbox.wake(org.id);
  return { outcome: 'accepted', entity };
}

function unavailable(message: string, error: unknown): Verdict {
  return { outcome: 'unavailable', message: `${message}; try again later`, error };
}
