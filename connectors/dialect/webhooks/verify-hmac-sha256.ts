import { createHmac } from 'node:crypto';
import {
  badSignature,
  type DeliveryToVerify,
  matchesAny,
  singleHeader,
  type SignatureVerdict,
  verified,
} from './signature-verdict';
import type { WebhookSignatureDeclaration } from './webhook-declaration';

type HmacSha256Declaration = Extract<WebhookSignatureDeclaration, { scheme: 'hmac-sha256' }>;

/** A SHA-256 digest written out: 64 hex digits, or 44 base64 characters ending in one `=`. */
const DIGEST_TEXT = { hex: /^[0-9a-fA-F]{64}$/, base64: /^[A-Za-z0-9+/]{43}=$/ } as const;

/**
 * HMAC-SHA256 of the raw body (GitHub, Shopify). Nothing signed carries a time, so this never
 * answers `stale`. The format is checked before decoding because Buffer.from skips bad characters.
 */
export function verifyHmacSha256(
  { header, encoding, prefix = '' }: HmacSha256Declaration,
  { secret, rawBody, headers }: DeliveryToVerify,
): SignatureVerdict {
  const value = singleHeader(headers, header);
  if (value === undefined) return badSignature(`${header} header is required`);
  if (!value.startsWith(prefix)) return badSignature(`${header} must start with ${prefix}`);
  const digest = value.slice(prefix.length);
  if (!DIGEST_TEXT[encoding].test(digest))
    return badSignature(`${header} must hold a ${encoding} SHA-256 digest`);
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  if (!matchesAny(expected, [Buffer.from(digest, encoding)]))
    return badSignature(`${header} does not match the body`);
  return verified;
}
