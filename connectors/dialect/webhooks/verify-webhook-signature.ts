import type { IncomingHttpHeaders } from 'node:http';
import { deliveryIdFromHeaders } from './delivery-id';
import { badSignature, type SignatureVerdict } from './signature-verdict';
import { verifyHmacSha256 } from './verify-hmac-sha256';
import { verifyStandardWebhooks } from './verify-standard-webhooks';
import { verifyTimestampedHmac } from './verify-timestamped-hmac';
import type { WebhookDeclaration } from './webhook-declaration';

export type { SignatureVerdict } from './signature-verdict';

/**
 * Checks a delivery's signature over the exact body bytes as the connector declared it is signed.
 * Never throws on request input; messages name headers, never a secret, a signature or the body.
 * `stale` (signed correctly, outside `toleranceSeconds`) is only possible for schemes that sign a
 * time; `hmac-sha256` signs none. On success `deliveryId` is the id from the declared header, if
 * the delivery id comes from one and it was sent (`mapWebhookBody` insists on one either way).
 *
 * @example
 * const github = loadWebhookDeclaration('github', {
 *   signature: { scheme: 'hmac-sha256', header: 'X-Hub-Signature-256', encoding: 'hex', prefix: 'sha256=' },
 *   deliveryIdHeader: 'X-GitHub-Delivery',
 *   events: { eventType: { header: 'X-GitHub-Event' }, entity: { byType: { issues: 'issues' } }, idPath: 'issue.id' },
 * });
 * verifyWebhookSignature(github, secret, rawBody, request.headers, 300, Date.now());
 * // → { ok: true, deliveryId: '72d3162e-…' } | { ok: false, outcome: 'bad_signature', message: '…' }
 */
export function verifyWebhookSignature(
  declaration: WebhookDeclaration,
  secret: string,
  rawBody: Buffer,
  headers: IncomingHttpHeaders,
  toleranceSeconds: number,
  nowMs: number,
): SignatureVerdict {
  // An empty HMAC key is accepted by crypto and by nobody else: anyone could sign with it.
  if (secret.length === 0) return badSignature('no webhook secret is configured');
  const { signature } = declaration;
  const delivery = { secret, rawBody, headers, toleranceSeconds, nowMs };
  let verdict: SignatureVerdict;
  switch (signature.scheme) {
    case 'standard-webhooks':
      verdict = verifyStandardWebhooks(delivery);
      break;
    case 'hmac-sha256':
      verdict = verifyHmacSha256(signature, delivery);
      break;
    case 'timestamped-hmac':
      verdict = verifyTimestampedHmac(signature, delivery);
      break;
  }
  if (!verdict.ok) return verdict;
  const deliveryId = deliveryIdFromHeaders(declaration, headers);
  return deliveryId === undefined ? verdict : { ok: true, deliveryId };
}
