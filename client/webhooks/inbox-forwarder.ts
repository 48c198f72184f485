import type { Kysely } from 'kysely';
import type { Logger } from '../../config/logger';
import type { Database } from '../../db/database';
import {
  inboxBacklog,
  markForwarded,
  orgsWithPending,
  pendingDeliveries,
  tryLockOrgForwarding,
} from '../../db/repositories/webhook-inbox.repository';
import {
  webhookInboxForwarded,
  webhookInboxOldestPendingSeconds,
  webhookInboxPending,
} from '../../observability/metrics';
import type { RecordRef } from '../../workflows/shared/messages';

/** What the forwarder needs of Temporal: one `recordChanged` signal-with-start per delivery. */
export interface RecordChangeSignaller {
  signalRecordChanged(orgId: string, ref: RecordRef): Promise<void>;
}

export interface InboxForwarderOptions {
  /** Orgs forwarded at once (each holds one database connection while it forwards); default 4. */
  readonly concurrency?: number;
  /** How often all pending rows are looked for (another replica's, a crashed one's); default 1 s. */
  readonly sweepEveryMs?: number;
  /** First retry delay of an org whose signal failed, doubled up to `maxBackoffMs`; default 200 ms. */
  readonly initialBackoffMs?: number;
  /** Default 10 s. */
  readonly maxBackoffMs?: number;
}

/** How one forwarding turn of an org ended. */
type TurnResult = 'drained' | 'more' | 'locked' | 'failed';

const BATCH = 100;
const BATCHES_PER_TURN = 5;
const BACKLOG_LOG_EVERY_MS = 10_000;

/**
 * Hands inbox rows to Temporal, in `seq` order per org, until each is marked forwarded.
 *
 * Ordering across replicas: an org's rows are forwarded only inside a transaction holding that
 * org's advisory lock, and each row is marked in it before the next is sent; a replica that does
 * not get the lock leaves the org to its holder (or to its own next sweep). A crash between a
 * signal and its mark rolls the marks back and the rows are sent again: at-least-once, which the
 * record-sync workflow absorbs (it collapses equal refs). A failed signal ends the turn (marks so
 * far are committed) and the org is retried with exponential backoff.
 */
export class InboxForwarder {
  private readonly concurrency: number;
  private readonly sweepEveryMs: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  /** Orgs to forward as soon as a slot is free. */
  private readonly wanted = new Set<string>();
  private readonly running = new Map<string, Promise<void>>();
  /** Orgs whose last turn failed: how long the next wait is, and the timer that ends it. */
  private readonly backoff = new Map<string, { delayMs: number; timer: NodeJS.Timeout | undefined }>();
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> = Promise.resolve();
  private stopped = false;
  private lastBacklogLog = 0;
  private hadBacklog = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly temporal: RecordChangeSignaller,
    private readonly logger: Logger,
    options: InboxForwarderOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 4;
    this.sweepEveryMs = options.sweepEveryMs ?? 1_000;
    this.initialBackoffMs = options.initialBackoffMs ?? 200;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
  }

  /** Sweeps now and every `sweepEveryMs` (an unref'd timer). */
  start(): void {
    this.sweep();
    this.sweepTimer = setInterval(() => this.sweep(), this.sweepEveryMs);
    this.sweepTimer.unref();
  }

  /** An org has a newly committed row: forward it now (unless its signals are backing off). */
  wake(orgId: string): void {
    if (this.stopped || this.backoff.get(orgId)?.timer !== undefined) return;
    this.wanted.add(orgId);
    this.pump();
  }

  /** Stops sweeping and waits for turns in flight; pending rows stay for the next process. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweepTimer);
    for (const { timer } of this.backoff.values()) clearTimeout(timer);
    this.wanted.clear();
    await this.sweeping;
    await Promise.allSettled(this.running.values());
  }

  private sweep(): void {
    this.sweeping = this.sweeping.then(async () => {
      if (this.stopped) return;
      try {
        const backlog = await inboxBacklog(this.db);
        this.report(backlog.pending, backlog.oldestReceivedAt);
        if (backlog.pending > 0) for (const orgId of await orgsWithPending(this.db, 1_000)) this.wake(orgId);
      } catch (err) {
        this.logger.warn({ err }, 'webhook inbox sweep failed; retrying on the next one');
      }
    });
  }

  /** Starts turns for wanted orgs while slots are free; an org runs one turn at a time. */
  private pump(): void {
    for (const orgId of this.wanted) {
      if (this.running.size >= this.concurrency) return;
      if (this.running.has(orgId)) continue;
      this.wanted.delete(orgId);
      const turn = this.turn(orgId).then((result) => this.after(orgId, result));
      this.running.set(orgId, turn);
      void turn.finally(() => {
        this.running.delete(orgId);
        this.pump();
      });
    }
  }

  private after(orgId: string, result: TurnResult): void {
    if (result === 'failed') {
      const delayMs = Math.min(this.backoff.get(orgId)?.delayMs ?? this.initialBackoffMs, this.maxBackoffMs);
      const timer = this.stopped
        ? undefined
        : setTimeout(() => {
            this.backoff.set(orgId, { delayMs: delayMs * 2, timer: undefined });
            this.wake(orgId);
          }, delayMs);
      timer?.unref();
      this.backoff.set(orgId, { delayMs, timer });
      return;
    }
    this.backoff.delete(orgId);
    // 'locked': the holder forwards, and the sweep catches what it missed.
    if (result === 'more') this.wake(orgId);
  }

  /** One transaction holding the org's lock: send and mark rows in order until none or a failure. */
  private async turn(orgId: string): Promise<TurnResult> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        if (!(await tryLockOrgForwarding(trx, orgId))) return 'locked';
        for (let batch = 0; batch < BATCHES_PER_TURN; batch++) {
          // Read committed: each read sees rows committed since the last one.
          const rows = await pendingDeliveries(trx, orgId, BATCH);
          if (rows.length === 0) return 'drained';
          for (const row of rows) {
            try {
              await this.temporal.signalRecordChanged(orgId, { entity: row.entity, id: row.recordId });
            } catch (err) {
              this.logger.warn(
                { err, orgId, seq: row.seq },
                'webhook inbox: signal failed; retrying with backoff',
              );
              return 'failed';
            }
            await markForwarded(trx, row.seq);
            webhookInboxForwarded.inc();
          }
        }
        return 'more';
      });
    } catch (err) {
      this.logger.warn({ err, orgId }, 'webhook inbox: forwarding turn failed; retrying with backoff');
      return 'failed';
    }
  }

  private report(pending: number, oldestReceivedAt: Date | null): void {
    const oldestSeconds = oldestReceivedAt
      ? Math.max(0, (Date.now() - oldestReceivedAt.getTime()) / 1_000)
      : 0;
    webhookInboxPending.set(pending);
    webhookInboxOldestPendingSeconds.set(oldestSeconds);
    // A backlog older than a sweep means Temporal is slow or away: say so now and then, and when it clears.
    const now = Date.now();
    if (pending > 0 && oldestSeconds * 1_000 > this.sweepEveryMs * 2) {
      this.hadBacklog = true;
      if (now - this.lastBacklogLog >= BACKLOG_LOG_EVERY_MS) {
        this.lastBacklogLog = now;
        this.logger.warn({ pending, oldestPendingSeconds: oldestSeconds }, 'webhook inbox backlog');
      }
    } else if (pending === 0 && this.hadBacklog) {
      this.hadBacklog = false;
      this.logger.info('webhook inbox backlog cleared');
    }
  }
}
