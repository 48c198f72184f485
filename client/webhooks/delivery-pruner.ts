import type { Kysely } from 'kysely';
import type { Logger } from '../../config/logger';
import type { Database } from '../../db/database';
import { pruneForwarded } from '../../db/repositories/webhook-inbox.repository';

export interface DeliveryPruner {
  stop(): Promise<void>;
}

/**
 * Forgets forwarded inbox rows (the dedupe memory) older than `retentionMs`, now and every
 * `everyMs` (an unref'd timer: it never keeps the process alive); pending rows are never pruned.
 * Failures are logged and retried on the next tick.
 */
export function startDeliveryPruner(
  db: Kysely<Database>,
  logger: Logger,
  options: { readonly everyMs: number; readonly retentionMs: number },
): DeliveryPruner {
  let running: Promise<void> = Promise.resolve();
  const prune = () => {
    running = running.then(async () => {
      try {
        const pruned = await pruneForwarded(db, new Date(Date.now() - options.retentionMs));
        if (pruned > 0) logger.info({ pruned }, 'pruned old webhook deliveries');
      } catch (err) {
        logger.warn({ err }, 'pruning webhook deliveries failed');
      }
    });
  };
  prune();
  const timer = setInterval(prune, options.everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
