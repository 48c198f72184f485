/** Wait used when a 429 has no readable `Retry-After`: long enough not to hammer, short enough not to stall. */
export const DEFAULT_RETRY_AFTER_MS = 1_000;
/** Upper bound on any `Retry-After`: a wrong clock or a hostile server must not park a sync for days. */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1_000;

/**
 * Reads a `Retry-After` header (RFC 9110 §10.2.3): delta-seconds, or an HTTP-date taken relative to
 * `nowMs`. Absent or unreadable values give DEFAULT_RETRY_AFTER_MS; the result is clamped to
 * `[0, MAX_RETRY_AFTER_MS]`.
 */
export function parseRetryAfter(header: string | readonly string[] | undefined, nowMs = Date.now()): number {
  const value = (typeof header === 'string' ? header : header?.[0])?.trim();
  if (!value) return DEFAULT_RETRY_AFTER_MS;
  // Numbers first: Date.parse would read "5" as the year 2005.
  if (/^\d+(\.\d+)?$/.test(value)) return clamp(Number(value) * 1_000);
  if (!/[a-z]/i.test(value)) return DEFAULT_RETRY_AFTER_MS;
  const at = Date.parse(value);
  return Number.isNaN(at) ? DEFAULT_RETRY_AFTER_MS : clamp(at - nowMs);
}

function clamp(ms: number): number {
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.ceil(ms)));
}
