import { createHmac } from 'node:crypto';
import {
  badSignature,
  checkFreshness,
  type DeliveryToVerify,
  matchesAny,
  singleHeader,
  type SignatureVerdict,
  UNIX_SECONDS,
} from './signature-verdict';
import type { WebhookSignatureDeclaration } from './webhook-declaration';

type TimestampedHmacDeclaration = Extract<WebhookSignatureDeclaration, { scheme: 'timestamped-hmac' }>;

const HEX_DIGEST = /^[0-9a-fA-F]{64}$/;

/**
 * Stripe's scheme: `t=<unix seconds>,v1=<hex>[,v1=<hex>…]` over `${t}.${rawBody}`. Other schemes
 * in the header (`v0`) are ignored, as Stripe's own libraries do. The signature is checked before
 * the time, so a forgery with an old `t` is `bad_signature`, never `stale`.
 */
export function verifyTimestampedHmac(
  { header }: TimestampedHmacDeclaration,
  { secret, rawBody, headers, toleranceSeconds, nowMs }: DeliveryToVerify,
): SignatureVerdict {
  const value = singleHeader(headers, header);
  if (value === undefined) return badSignature(`${header} header is required`);
  const parsed = parseSignatureHeader(value);
  if (parsed === undefined)
    return badSignature(`${header} must be t=<unix seconds> followed by at least one v1=<hex digest>`);
  const expected = createHmac('sha256', secret).update(`${parsed.timestamp}.`).update(rawBody).digest();
  const candidates = parsed.signatures.map((signature) => Buffer.from(signature, 'hex'));
  if (!matchesAny(expected, candidates)) return badSignature(`no v1 signature in ${header} matches the body`);
  return checkFreshness(`${header} t`, Number(parsed.timestamp), toleranceSeconds, nowMs);
}

function parseSignatureHeader(value: string): { timestamp: string; signatures: string[] } | undefined {
  const timestamps: string[] = [];
  const signatures: string[] = [];
  for (const element of value.split(',')) {
    const equals = element.indexOf('=');
    if (equals < 0) return undefined;
    const key = element.slice(0, equals).trim();
    const text = element.slice(equals + 1).trim();
    if (key === 't') timestamps.push(text);
    else if (key === 'v1') signatures.push(text);
  }
  const [timestamp] = timestamps;
  if (timestamps.length !== 1 || timestamp === undefined || !UNIX_SECONDS.test(timestamp)) return undefined;
  if (signatures.length === 0 || !signatures.every((signature) => HEX_DIGEST.test(signature)))
    return undefined;
  return { timestamp, signatures };
}
