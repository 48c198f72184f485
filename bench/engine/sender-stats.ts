import type { WebhookCounters } from '../../sandbox/stats/sandbox-stats';

/** What the sandbox's webhook sender went through during one phase (from its `/admin/stats` counters). */
export interface SenderPhaseStats {
  /** Deliveries made: one per change, plus duplicates. */
  readonly deliveries: number;
  /** HTTP requests, first tries and retries. */
  readonly attempts: number;
  /** Attempts that got no 2xx (refused, timed out, or no connection): each is retried or given up. */
  readonly refused: number;
  /** Attempts after a delivery's first. */
  readonly retried: number;
  /** Deliveries that got no 2xx in all their attempts. */
  readonly gaveUp: number;
}

/** The sender's counters from `before` to `after` (both of the same org). */
export function senderPhaseStats(
  before: Pick<WebhookCounters, 'sent' | 'duplicated' | 'attempts' | 'delivered' | 'failed'>,
  after: Pick<WebhookCounters, 'sent' | 'duplicated' | 'attempts' | 'delivered' | 'failed'>,
): SenderPhaseStats {
  const delta = (key: keyof typeof before) => after[key] - before[key];
  const deliveries = delta('sent') + delta('duplicated');
  const attempts = delta('attempts');
  return {
    deliveries,
    attempts,
    refused: Math.max(0, attempts - delta('delivered')),
    retried: Math.max(0, attempts - deliveries),
    gaveUp: delta('failed'),
  };
}
