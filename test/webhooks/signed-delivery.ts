import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { request } from 'undici';

/** A webhook request as a Standard Webhooks sender makes it. */
export interface SignedDelivery {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface WebhookAnswer {
  readonly status: number;
  readonly retryAfter: string | undefined;
  readonly json: Record<string, unknown>;
}

/** A body as the sandbox sends it. */
export function eventBody(entity: string, id: string, type = `${entity}.updated`): string {
  const now = new Date().toISOString();
  return JSON.stringify({ type, timestamp: now, data: { entity, id, updated_at: now } });
}

/** Signs `body` with `secret`, at `at` (default now), under `webhookId` (default a fresh one). */
export function signDelivery(
  secret: string,
  body: string,
  options: { readonly webhookId?: string; readonly at?: Date } = {},
): SignedDelivery {
  const webhookId = options.webhookId ?? `msg_${randomUUID()}`;
  const at = options.at ?? new Date();
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': webhookId,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(webhookId, at, body),
    },
  };
}

/** POSTs a delivery to `url` and reads the JSON answer. */
export async function postDelivery(url: string, delivery: SignedDelivery): Promise<WebhookAnswer> {
  const response = await request(url, { method: 'POST', headers: delivery.headers, body: delivery.body });
  const retryAfter = response.headers['retry-after'];
  return {
    status: response.statusCode,
    retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined,
    json: (await response.body.json()) as Record<string, unknown>,
  };
}
