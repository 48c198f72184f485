import type { IncomingHttpHeaders } from 'node:http';
import type { Kysely } from 'kysely';
import type { Logger } from '../../config/logger';
import type { Database } from '../../db/database';
import { checkSignature } from './signature-check';
import type { TemporalSignaller } from './temporal-signaller';
import { isDeliveryRecorded, recordDelivery } from '../../db/repositories/webhook-deliveries.repository';
import { parseWebhookEvent } from './webhook-event';
import type { WebhookOrgCache } from './webhook-org-cache';
import type { Verdict } from './webhook-outcome';

export interface DeliveryDeps {
  readonly db: Kysely<Database>;
  readonly orgs: WebhookOrgCache;
  readonly temporal: TemporalSignaller;
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
 * Takes a delivery from "bytes arrived" to "Temporal has it": org, signature, timestamp, event,
 * dedupe, signal. It never writes entity rows: the record-sync workflow fetches the record from
 * the API, so a forged or stale body could at worst cause one extra fetch.
 *
 * Ordering: the delivery is recorded only after Temporal accepted the signal, so a delivery we
 * answered 503 is not taken for a duplicate when the sender retries it. Two copies arriving at
 * once may both be signalled; the workflow collapses equal refs, and sequential copies are deduped.
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

  try {
    if (await isDeliveryRecorded(deps.db, org.id, webhookId)) return { outcome: 'duplicate', entity };
  } catch (err) {
    return unavailable('deliveries could not be checked for duplicates', err);
  }
  try {
    await deps.temporal.signalRecordChanged(org.id, event.ref);
  } catch (err) {
    return unavailable('the record sync could not be signalled', err);
  }
  try {
    await recordDelivery(deps.db, org.id, webhookId);
  } catch (err) {
    // Temporal has the change: answer 202. A redelivery would only signal once more (harmless).
    log.warn({ err }, 'accepted webhook not recorded for dedupe');
  }
  return { outcome: 'accepted', entity };
}

function unavailable(message: string, error: unknown): Verdict {
  return { outcome: 'unavailable', message: `${message}; try again later`, error };
}
