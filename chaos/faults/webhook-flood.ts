import { Webhook } from 'standardwebhooks';
import type { ChaosOrg } from '../chaos-orgs';

/** The kinds of bad request the flood sends, and the status each must get. */
export const BAD_WEBHOOKS = {
  forged: 401,
  stale: 401,
  oversized: 413,
  unknownOrg: 404,
  malformed: 400,
} as const;
export type BadWebhook = keyof typeof BAD_WEBHOOKS;

export interface FloodTally {
  sent: Record<BadWebhook, number>;
  /** Answers that were not the expected status, as `kind: status`. */
  wrong: string[];
}

export function emptyFloodTally(): FloodTally {
  return { sent: { forged: 0, stale: 0, oversized: 0, unknownOrg: 0, malformed: 0 }, wrong: [] };
}

const FORGED_SECRET = `whsec_${Buffer.from('not the secret of anyone here!!').toString('base64')}`;

/** Sends one bad request of the given kind to the receiver and checks the refusal. */
export async function sendBadWebhook(
  receiverUrl: string,
  org: ChaosOrg,
  kind: BadWebhook,
  tally: FloodTally,
): Promise<void> {
  const id = `msg_flood_${kind}_${tally.sent[kind]}`;
  const event = JSON.stringify({
    type: 'people.updated',
    timestamp: new Date().toISOString(),
    data: { entity: 'people', id: 'per_0000001', updated_at: new Date().toISOString() },
  });
  const sign = (secret: string, body: string, at: Date) => ({
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, at, body),
  });
  const now = new Date();
  const requests: Record<BadWebhook, { orgId: string; body: string; headers: Record<string, string> }> = {
    forged: { orgId: org.orgId, body: event, headers: sign(FORGED_SECRET, event, now) },
    stale: {
      orgId: org.orgId,
      body: event,
      headers: sign(org.sandbox.webhookSecret, event, new Date(now.getTime() - 3_600_000)),
    },
    oversized: {
      orgId: org.orgId,
      body: event.padEnd(200_000, ' '),
      headers: sign(org.sandbox.webhookSecret, event, now),
    },
    unknownOrg: {
      orgId: 'org_doesnotexist000',
      body: event,
      headers: sign(org.sandbox.webhookSecret, event, now),
    },
    malformed: {
      orgId: org.orgId,
      body: '{"type": "people.upd',
      headers: sign(org.sandbox.webhookSecret, '{"type": "people.upd', now),
    },
  };
  const request = requests[kind];
  tally.sent[kind] += 1;
  const response = await fetch(`${receiverUrl}/webhooks/${request.orgId}`, {
    method: 'POST',
    headers: request.headers,
    body: request.body,
    signal: AbortSignal.timeout(10_000),
  });
  await response.arrayBuffer();
  // 503 means Temporal or PostgreSQL is being restarted: the receiver could not judge the request yet.
  if (response.status !== BAD_WEBHOOKS[kind] && response.status !== 503)
    tally.wrong.push(`${kind}: ${response.status}`);
}
