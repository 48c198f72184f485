/**
 * The receiver's refusals of the sandbox's deliveries (all validly signed): failed attempts by
 * reason, and the longest window in which it refused them.
 *
 * A refusal window begins at the first refused attempt after an accepted one (or after the start)
 * and ends at the next accepted attempt; one still open counts up to now. Per org, which has one
 * receiver URL at a time.
 */

/** Why an attempt failed: its HTTP status (`"503"`), `timeout` (no answer in time) or `network`. */
export type RefusalReason = `${number}` | 'timeout' | 'network';

export interface RefusalWindow {
  readonly ms: number;
  readonly from: string;
  /** null while it is still open. */
  readonly to: string | null;
}

export interface WebhookRefusals {
  /** Failed attempts by reason. */
  byReason: Record<string, number>;
  /** The longest window of refusals so far; null if none was refused. */
  longest: RefusalWindow | null;
  /** Start of the window open now (ISO); null while the receiver accepts. */
  openSince: string | null;
}

export function emptyRefusals(): WebhookRefusals {
  return { byReason: {}, longest: null, openSince: null };
}

export function countRefusal(refusals: WebhookRefusals, reason: RefusalReason, nowMs: number): void {
  refusals.byReason[reason] = (refusals.byReason[reason] ?? 0) + 1;
  refusals.openSince ??= new Date(nowMs).toISOString();
}

export function countAcceptance(refusals: WebhookRefusals, nowMs: number): void {
  if (refusals.openSince === null) return;
  refusals.longest = longer(refusals.longest, window(refusals.openSince, nowMs, false));
  refusals.openSince = null;
}

/** A copy whose `longest` includes the window open at `nowMs`, for a snapshot. */
export function refusalsAt(refusals: WebhookRefusals, nowMs: number): WebhookRefusals {
  const open = refusals.openSince === null ? null : window(refusals.openSince, nowMs, true);
  return { ...refusals, byReason: { ...refusals.byReason }, longest: longer(refusals.longest, open) };
}

/** Sums of the reasons and the longest window of several orgs (none open: totals have no one URL). */
export function addRefusals(total: WebhookRefusals, refusals: WebhookRefusals): void {
  for (const [reason, n] of Object.entries(refusals.byReason))
    total.byReason[reason] = (total.byReason[reason] ?? 0) + n;
  total.longest = longer(total.longest, refusals.longest);
}

function window(fromIso: string, nowMs: number, open: boolean): RefusalWindow {
  return {
    ms: Math.max(0, nowMs - Date.parse(fromIso)),
    from: fromIso,
    to: open ? null : new Date(nowMs).toISOString(),
  };
}

function longer(a: RefusalWindow | null, b: RefusalWindow | null): RefusalWindow | null {
  if (a === null) return b;
  if (b === null) return a;
  return b.ms > a.ms ? b : a;
}
