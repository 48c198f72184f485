import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Webhook } from 'standardwebhooks';

export type SignatureCheck =
  | { readonly ok: true; readonly webhookId: string }
  | { readonly ok: false; readonly outcome: 'bad_signature' | 'stale'; readonly message: string };

const UNIX_SECONDS = /^\d{1,12}$/;

/**
 * Checks a delivery's Standard Webhooks signature over the exact body bytes, then its timestamp.
 *
 * `Webhook.verify` folds both into one error and fixes the tolerance at 5 minutes; we sign with the
 * same library and compare ourselves, so a forged request (401 bad_signature) is told apart from a
 * correctly signed replay outside `toleranceSeconds` (401 stale) and the tolerance is ours.
 *
 * @example
 * checkSignature(new Webhook('whsec_…'), rawBody, request.headers, 300, Date.now())
 * // → { ok: true, webhookId: 'msg_…' } | { ok: false, outcome: 'stale', message: '…' }
 */
export function checkSignature(
  signer: Webhook,
  body: Buffer,
  headers: IncomingHttpHeaders,
  toleranceSeconds: number,
  nowMs: number,
): SignatureCheck {
  const webhookId = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (typeof webhookId !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string')
    return badSignature('webhook-id, webhook-timestamp and webhook-signature headers are required');
  if (!UNIX_SECONDS.test(timestamp)) return badSignature('webhook-timestamp must be Unix time in seconds');
  const seconds = Number(timestamp);
  const expected = Buffer.from(signer.sign(webhookId, new Date(seconds * 1000), body));
  const matches = signatures
    .split(' ')
    .map((signature) => Buffer.from(signature))
    .some((signature) => signature.length === expected.length && timingSafeEqual(signature, expected));
  if (!matches) return badSignature('no webhook-signature matches the body');

  const ageSeconds = nowMs / 1000 - seconds;
  if (ageSeconds > toleranceSeconds)
    return stale(`webhook-timestamp is more than ${toleranceSeconds} s in the past`);
  if (-ageSeconds > toleranceSeconds)
    return stale(`webhook-timestamp is more than ${toleranceSeconds} s in the future`);
  return { ok: true, webhookId };
}

const badSignature = (message: string): SignatureCheck => ({ ok: false, outcome: 'bad_signature', message });
const stale = (message: string): SignatureCheck => ({ ok: false, outcome: 'stale', message });
