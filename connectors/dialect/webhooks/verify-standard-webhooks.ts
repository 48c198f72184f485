import { Webhook } from 'standardwebhooks';
import {
  badSignature,
  checkFreshness,
  type DeliveryToVerify,
  matchesAny,
  singleHeader,
  type SignatureVerdict,
  UNIX_SECONDS,
} from './signature-verdict';

/**
 * Standard Webhooks, signed by the library and compared here: `Webhook.verify` folds a bad
 * signature and an old timestamp into one error and fixes the tolerance at 5 minutes.
 */
export function verifyStandardWebhooks({
  secret,
  rawBody,
  headers,
  toleranceSeconds,
  nowMs,
}: DeliveryToVerify): SignatureVerdict {
  const webhookId = singleHeader(headers, 'webhook-id');
  const timestamp = singleHeader(headers, 'webhook-timestamp');
  const signatures = singleHeader(headers, 'webhook-signature');
  if (webhookId === undefined || timestamp === undefined || signatures === undefined)
    return badSignature('webhook-id, webhook-timestamp and webhook-signature headers are required');
  if (!UNIX_SECONDS.test(timestamp)) return badSignature('webhook-timestamp must be Unix time in seconds');
  let signer: Webhook;
  try {
    signer = new Webhook(secret);
  } catch {
    // The library's message may quote the secret; a bad secret is configuration, logged as such.
    return badSignature('the configured secret is not a whsec_ base64 secret');
  }
  const seconds = Number(timestamp);
  const expected = Buffer.from(signer.sign(webhookId, new Date(seconds * 1000), rawBody));
  const candidates = signatures.split(' ').map((signature) => Buffer.from(signature));
  if (!matchesAny(expected, candidates)) return badSignature('no webhook-signature matches the body');
  return checkFreshness('webhook-timestamp', seconds, toleranceSeconds, nowMs);
}
