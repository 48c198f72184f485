import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { type Dispatcher, request } from 'undici';
import { hashInts, Rng } from '../core/prng';
import { toIso } from '../core/time';
import { type Org } from '../org/org';
import { type RecordEvent } from '../org/record-event';
import { type WebhookCounters } from '../stats/sandbox-stats';
import { countAcceptance, countRefusal, type RefusalReason } from '../stats/webhook-refusals';
import { type Delivery, DeliveryQueue } from './delivery-queue';

export interface WebhookDeliveryOptions {
  /** Deliveries in flight per org. */
  readonly concurrency: number;
  /** Deliveries waiting per org; past it the oldest is dropped (counted as `dropped`). */
  readonly maxQueue: number;
  /** Attempts per delivery, the first included; an org's `webhooks.retry` overrides the three. */
  readonly maxAttempts: number;
  /** Backoff before the first retry; doubles each time, with jitter. */
  readonly baseBackoffMs: number;
  readonly maxBackoffMs: number;
  /** Per attempt, for headers and body. */
  readonly timeoutMs: number;
}

/**
 * Generous on purpose (all retries within ~16 s), for dev and benchmarks; a run that measures the
 * receiver's availability sets a provider-like budget per org (`webhooks.retry`, see the README).
 */
export const DEFAULT_WEBHOOK_DELIVERY: WebhookDeliveryOptions = {
  concurrency: 8,
  maxQueue: 10_000,
  maxAttempts: 8,
  baseBackoffMs: 200,
  maxBackoffMs: 5_000,
  timeoutMs: 10_000,
};

/**
 * Sends one org's webhooks as real senders do: signed per Standard Webhooks, retried with
 * exponential backoff on a non-2xx or a network failure, and, as the org's settings ask,
 * delayed, duplicated (same webhook-id) and reordered. Timing uses the real clock.
 */
export class WebhookSender {
  private readonly queue: DeliveryQueue;
  private readonly signer: Webhook;
  private readonly rng: Rng;
  private readonly abort = new AbortController();
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerDueAt = Infinity;
  private closed = false;

  constructor(
    private readonly org: Org,
    private readonly counters: WebhookCounters,
    private readonly dispatcher: Dispatcher,
    private readonly options: WebhookDeliveryOptions = DEFAULT_WEBHOOK_DELIVERY,
  ) {
    this.queue = new DeliveryQueue(options.maxQueue);
    this.signer = new Webhook(org.webhookSecret);
    this.rng = new Rng(hashInts(org.seed, 0x7768));
  }

  enqueue(event: RecordEvent): void {
    const settings = this.org.webhooks;
    if (this.closed || settings.url === null) return;
    const body = JSON.stringify({
      type: `${event.entity}.${event.type}`,
      timestamp: toIso(event.atMs),
      data: { entity: event.entity, id: event.id, updated_at: toIso(event.updatedAtMs) },
    });
    const msgId = `msg_${randomBytes(12).toString('hex')}`;
    const now = Date.now();
    this.counters.sent++;
    this.push({ msgId, body, attempt: 0, dueAt: now + this.initialDelay(), duplicate: false }, now);
    if (settings.duplicateRate > 0 && this.rng.chance(settings.duplicateRate)) {
      this.counters.duplicated++;
      this.push({ msgId, body, attempt: 0, dueAt: now + this.initialDelay(), duplicate: true }, now);
    }
    this.pump();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.queue.clear();
    this.abort.abort();
  }

  private initialDelay(): number {
    const { delayMs, maxDelayMs } = this.org.webhooks;
    return maxDelayMs > delayMs ? delayMs + this.rng.int(maxDelayMs - delayMs + 1) : delayMs;
  }

  private push(delivery: Delivery, now: number): void {
    if (this.queue.push(delivery, now)) this.counters.dropped++;
  }

  private pump(): void {
    if (this.closed) return;
    const now = Date.now();
    this.queue.promoteDue(now);
    while (this.inFlight < this.options.concurrency) {
      const delivery = this.queue.take(this.org.webhooks.reorder ? this.rng : undefined);
      if (!delivery) break;
      this.inFlight++;
      void this.deliver(delivery).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
    this.scheduleWake(now);
  }

  /** One timer, for the earliest delayed delivery. */
  private scheduleWake(now: number): void {
    const dueAt = this.queue.nextDueAt();
    if (dueAt === undefined || dueAt >= this.timerDueAt) return;
    clearTimeout(this.timer);
    this.timerDueAt = dueAt;
    this.timer = setTimeout(
      () => {
        this.timerDueAt = Infinity;
        this.pump();
      },
      Math.max(0, dueAt - now),
    );
    this.timer.unref();
  }

  private async deliver(delivery: Delivery): Promise<void> {
    const url = this.org.webhooks.url;
    if (url === null) {
      this.counters.dropped++;
      return;
    }
    delivery.attempt++;
    this.counters.attempts++;
    const refusal = await this.post(url, delivery);
    if (refusal === undefined) {
      this.counters.delivered++;
      countAcceptance(this.counters.refusals, Date.now());
      return;
    }
    if (this.closed) return;
    const retry = this.org.webhooks.retry ?? this.options;
    countRefusal(this.counters.refusals, refusal, Date.now());
    if (delivery.attempt >= retry.maxAttempts) {
      this.counters.failed++;
    } else {
      const backoff = Math.min(retry.maxBackoffMs, retry.baseBackoffMs * 2 ** (delivery.attempt - 1));
      delivery.dueAt = Date.now() + Math.round(backoff * (0.75 + this.rng.float() * 0.5));
      this.push(delivery, Date.now());
    }
  }

  /** undefined on a 2xx; otherwise why the attempt failed. */
  private async post(url: string, delivery: Delivery): Promise<RefusalReason | undefined> {
    // Signed per attempt: the timestamp is when this attempt is sent, as receivers check it.
    const sentAt = new Date();
    try {
      const response = await request(url, {
        method: 'POST',
        dispatcher: this.dispatcher,
        signal: this.abort.signal,
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'sync-engine-sandbox',
          'webhook-id': delivery.msgId,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': this.signer.sign(delivery.msgId, sentAt, delivery.body),
        },
        body: delivery.body,
      });
      await response.body.dump();
      return response.statusCode >= 200 && response.statusCode < 300 ? undefined : `${response.statusCode}`;
    } catch (err) {
      return isTimeout(err) ? 'timeout' : 'network';
    }
  }
}

/** undici's headers or body timeout: the receiver took the request but gave no answer in time. */
function isTimeout(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
}
