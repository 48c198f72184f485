import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Outcome names match `client/webhooks/signature-check.ts`, so the route answers them alike. */
export type SignatureVerdict =
  | { readonly ok: true; readonly deliveryId?: string }
  | { readonly ok: false; readonly outcome: 'bad_signature' | 'stale'; readonly message: string };

export const badSignature = (message: string): SignatureVerdict => ({
  ok: false,
  outcome: 'bad_signature',
  message,
});
export const verified: SignatureVerdict = { ok: true };

/** What every scheme's check reads: the delivery as received, the org's secret and the clock. */
export interface DeliveryToVerify {
  readonly secret: string;
  readonly rawBody: Buffer;
  readonly headers: IncomingHttpHeaders;
  readonly toleranceSeconds: number;
  readonly nowMs: number;
}

export const UNIX_SECONDS = /^\d{1,12}$/;

/** A header sent once; a repeated header arrives joined or as an array and is treated as absent. */
export function singleHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** Constant-time match of `expected` against any candidate; a candidate of another length never matches. */
export function matchesAny(expected: Buffer, candidates: readonly Buffer[]): boolean {
  // timingSafeEqual throws on unequal lengths: check first (the length of a digest is no secret).
  return candidates.some(
    (candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected),
  );
}

/** Stale when the signed time is more than `toleranceSeconds` away from now, either side. */
export function checkFreshness(
  field: string,
  signedSeconds: number,
  toleranceSeconds: number,
  nowMs: number,
): SignatureVerdict {
  const ageSeconds = nowMs / 1000 - signedSeconds;
  if (Math.abs(ageSeconds) <= toleranceSeconds) return verified;
  const side = ageSeconds > 0 ? 'past' : 'future';
  return {
    ok: false,
    outcome: 'stale',
    message: `${field} is more than ${toleranceSeconds} s in the ${side}`,
  };
}
