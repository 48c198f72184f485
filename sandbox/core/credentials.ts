import { randomBytes } from 'node:crypto';

/** Org credentials: the random ones the sandbox makes, and the rules for ones a caller chooses. */

/** URL-safe (RFC 3986 unreserved), so a token fits a bearer header and a URL as it is. */
export const ORG_TOKEN = /^[A-Za-z0-9._~-]{16,200}$/;

const WEBHOOK_SECRET_PREFIX = 'whsec_';
/** Standard Webhooks: secrets of "between 24 bytes (192 bits) and 64 bytes (512 bits)". */
const MIN_SECRET_BYTES = 24;
const MAX_SECRET_BYTES = 64;
/** Canonical base64 (standard alphabet, padded), as the `standardwebhooks` package decodes it. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function newOrgToken(): string {
  return `sk_test_${randomBytes(18).toString('base64url')}`;
}

export function newWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(MIN_SECRET_BYTES).toString('base64');
}

/** Whether `value` is a Standard Webhooks symmetric secret: `whsec_` and 24–64 bytes in base64. */
export function isWebhookSecret(value: string): boolean {
  if (!value.startsWith(WEBHOOK_SECRET_PREFIX)) return false;
  const encoded = value.slice(WEBHOOK_SECRET_PREFIX.length);
  if (!BASE64.test(encoded)) return false;
  const bytes = (encoded.length / 4) * 3 - (encoded.endsWith('==') ? 2 : encoded.endsWith('=') ? 1 : 0);
  return bytes >= MIN_SECRET_BYTES && bytes <= MAX_SECRET_BYTES;
}
