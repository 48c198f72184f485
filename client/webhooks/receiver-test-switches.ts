import { type Kysely, sql } from 'kysely';
import type { UnsafeTestSwitch } from '../../config/config';
import type { Database } from '../../db/database';
import type { processDelivery } from './process-delivery';
import type { Verdict } from './webhook-outcome';
import { withTimeout } from './with-timeout';

type ProcessDelivery = typeof processDelivery;

const DATABASE_PROBE_TIMEOUT_MS = 2_000;

const REFUSED: Verdict = {
  outcome: 'unavailable',
  message: 'unsafe test switch no-receiver-recovery: refusing since a database outage; try again later',
};

/** How often the switched receiver looks at its database (a chaos restart is down for ~1 s). */
const DATABASE_WATCH_EVERY_MS = 200;

/**
 * The receiver's test-only switches (SYNC_ENGINE_UNSAFE_TEST_SWITCHES; none in production), to
 * prove the chaos suite fails on a receiver broken as in issue 13.
 *
 * `no-receiver-recovery`: once the receiver saw its database unavailable (its own watch of
 * `select 1`, every 200 ms, failed, or a delivery it answered 503 while `select 1` fails too), it
 * refuses every valid delivery with 503 for the rest of its life. Invalid ones keep their 4xx, so
 * the run's failures name only the lost webhooks.
 */
export function withReceiverTestSwitches(
  deliver: ProcessDelivery,
  db: Kysely<Database>,
  switches: readonly UnsafeTestSwitch[] = [],
): ProcessDelivery {
  if (!switches.includes('no-receiver-recovery')) return deliver;
  let broken = false;
  const watch = setInterval(() => {
    void databaseAnswers(db).then((answers) => {
      if (!answers) broken = true;
      if (broken) clearInterval(watch);
    });
  }, DATABASE_WATCH_EVERY_MS);
  watch.unref();
  return async (deps, delivery, log) => {
    const verdict = await deliver(deps, delivery, log);
    if (!broken && verdict.outcome === 'unavailable' && !(await databaseAnswers(deps.db))) broken = true;
    if (broken && (verdict.outcome === 'accepted' || verdict.outcome === 'duplicate')) {
      log.warn('unsafe test switch no-receiver-recovery: refusing a valid delivery since a database outage');
      return REFUSED;
    }
    return verdict;
  };
}

async function databaseAnswers(db: Kysely<Database>): Promise<boolean> {
  try {
    await withTimeout(sql`select 1`.execute(db), DATABASE_PROBE_TIMEOUT_MS, 'PostgreSQL');
    return true;
  } catch {
    return false;
  }
}
