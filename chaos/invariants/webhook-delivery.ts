import type { SandboxStatsSnapshot, WebhookCounters } from '../../sandbox';

/** How a supervised process of the run ended while the run still needed it. */
export interface ProcessExit {
  readonly code: number | null;
  readonly at: string;
}

/** The receiver's refusals of valid deliveries over the run, as the results report them. */
export interface RefusalReport {
  /** Failed attempts by HTTP status, `timeout` or `network`. */
  readonly byReason: Record<string, number>;
  /** The longest window of one org's refusals (see `sandbox/stats/webhook-refusals.ts`); null if none. */
  readonly longest: {
    readonly org: string;
    readonly seconds: number;
    readonly from: string;
    readonly to: string | null;
  } | null;
}

export function refusalReport(stats: SandboxStatsSnapshot): RefusalReport {
  let longest: RefusalReport['longest'] = null;
  for (const [org, { webhooks }] of Object.entries(stats.orgs)) {
    const window = webhooks.refusals.longest;
    if (window && (longest === null || window.ms / 1000 > longest.seconds))
      longest = { org, seconds: window.ms / 1000, from: window.from, to: window.to };
  }
  return { byReason: stats.totals.webhooks.refusals.byReason, longest };
}

/**
 * Every valid delivery must have been accepted within the sender's retry budget (which the chaos
 * orgs keep provider-like), and the receiver must have lived through the run: a dead receiver is
 * how issue 13's bug hid while deltas healed the data behind it.
 */
export function webhookDeliveryFailures(
  webhooks: WebhookCounters,
  refusals: RefusalReport,
  receiverExit: ProcessExit | null,
): string[] {
  const failures: string[] = [];
  const lost = webhooks.failed + webhooks.dropped;
  if (lost > 0) {
    const longest = refusals.longest
      ? `; longest refusal ${refusals.longest.seconds.toFixed(1)} s (${refusals.longest.org} from ${refusals.longest.from})`
      : '';
    failures.push(
      `valid webhooks given up: ${webhooks.failed} gave up after all attempts, ${webhooks.dropped} dropped unsent (refused attempts: ${describeReasons(refusals.byReason)}${longest})`,
    );
  }
  if (receiverExit)
    failures.push(
      `webhook receiver died during the run: exit code ${receiverExit.code ?? 'none (killed)'} at ${receiverExit.at} (see webhooks.log)`,
    );
  return failures;
}

/** `503 12, timeout 3` or `none`. */
export function describeReasons(byReason: Record<string, number>): string {
  const entries = Object.entries(byReason);
  return entries.length ? entries.map(([reason, n]) => `${reason} ${n}`).join(', ') : 'none';
}
