import { sql } from 'kysely';
import pg from 'pg';
import { getConnector } from '../../connectors/registry';
import { PollAbortedError, pollUntil } from '../../devstack/poll';
import type { BenchStack } from '../stack/bench-stack';

const CHANNEL = 'bench_row_commits';
/** How long the listener keeps trying to reconnect after its connection was cut (a restart takes seconds). */
const RECONNECT_TIMEOUT_MS = 120_000;

/** A row version committed to an entity table, as the benchmark saw it. */
export interface CommittedRow {
  readonly externalId: string;
  /** The version's `updated_at` at the source, in ms: when the sandbox changed the record. */
  readonly sourceUpdatedMs: number;
  /**
   * When the notification arrived here: PostgreSQL delivers it when the writing transaction
   * commits. For a version committed while the listener was reconnecting, found afterwards in
   * its row, the moment LISTEN was back (an upper bound of its commit).
   */
  readonly seenMs: number;
}

export interface CommitListener {
  readonly commits: readonly CommittedRow[];
  /** Times the connection was cut and LISTEN set up again (with the missed commits read from the rows). */
  readonly reconnects: number;
  /** Resolves once the listener is listening and has caught up (at once unless it is reconnecting). */
  listening(): Promise<void>;
  /** Removes the triggers and stops listening. */
  close(): Promise<void>;
}

/**
 * Reports every insert or update of the HR entity tables at its commit: a trigger notifies (and
 * PostgreSQL delivers notifications only when the transaction commits), the benchmark listens.
 * When PostgreSQL cuts the connection (a restart), it reconnects, listens again and reads the
 * versions committed meanwhile from the rows, so no commit is lost from the measurement.
 * Benchmark instrumentation of the benchmark's own database, removed by `close()`.
 */
export async function listenForCommits(stack: BenchStack): Promise<CommitListener> {
  const tables = getConnector('hr')
    .entitiesInOrder()
    .map((entity) => entity.table);
  const removeTriggers = async () => {
    for (const table of tables)
      await sql`drop trigger if exists bench_notify_commit on ${sql.table(table)}`.execute(stack.db);
    await sql`drop function if exists bench_notify_commit()`.execute(stack.db);
  };
  const startedMs = Date.now();
  const commits: CommittedRow[] = [];
  const seen = new Set<string>();
  const record = (externalId: string, sourceUpdatedMs: number, seenMs: number) => {
    const key = `${externalId} ${sourceUpdatedMs}`;
    if (seen.has(key)) return;
    seen.add(key);
    commits.push({ externalId, sourceUpdatedMs, seenMs });
  };
  let closed = false;
  let client: pg.Client | undefined;
  let reconnecting: Promise<void> = Promise.resolve();
  let reconnects = 0;

  const connect = async (): Promise<pg.Client> => {
    const next = new pg.Client({ connectionString: stack.databaseUrl, connectionTimeoutMillis: 2_000 });
    // An idle client whose server goes away emits 'error' (unhandled, it would kill the run); 'end' follows.
    next.on('error', () => undefined);
    next.on('notification', (message) => {
      const [externalId, updatedMs] = (message.payload ?? '').split(' ');
      record(externalId ?? '', Number(updatedMs), Date.now());
    });
    try {
      await next.connect();
      await next.query(`listen ${CHANNEL}`);
    } catch (err) {
      await next.end().catch(() => undefined);
      throw err;
    }
    next.once('end', () => {
      if (closed) return;
      reconnecting = reconnect();
      // Its failure is reported by listening(); unobserved until then, it must not end the run.
      reconnecting.catch(() => undefined);
    });
    return next;
  };
  const reconnect = async () => {
    client = await pollUntil(
      () => {
        if (closed) throw new PollAbortedError('the commit listener was closed');
        return connect();
      },
      {
        description: 'the commit listener to reconnect to PostgreSQL',
        timeoutMs: RECONNECT_TIMEOUT_MS,
        intervalMs: 200,
      },
    );
    const listeningMs = Date.now();
    // Whatever committed while nobody listened is in the rows now (the newest version of each).
    await pollUntil(
      async () => {
        for (const row of await versionsSince(stack, tables, startedMs))
          record(row.externalId, row.sourceUpdatedMs, listeningMs);
        return true;
      },
      { description: 'the rows committed while the listener was away', timeoutMs: 30_000, intervalMs: 200 },
    );
    reconnects += 1;
  };

  try {
    await sql`
      create or replace function bench_notify_commit() returns trigger language plpgsql as $$
      begin
        perform pg_notify(${sql.lit(CHANNEL)}, new.external_id || ' ' || (extract(epoch from new.source_updated_at) * 1000)::bigint);
        return null;
      end $$`.execute(stack.db);
    for (const table of tables) {
      await sql`create trigger bench_notify_commit after insert or update on ${sql.table(table)}
        for each row execute function bench_notify_commit()`.execute(stack.db);
    }
    client = await connect();
  } catch (err) {
    await removeTriggers();
    throw err;
  }
  return {
    commits,
    get reconnects() {
      return reconnects;
    },
    listening: () => reconnecting,
    async close() {
      closed = true;
      await reconnecting.catch(() => undefined);
      await client?.end().catch(() => undefined);
      await removeTriggers();
    },
  };
}

/** Every row version of the entity tables changed at the source since `sinceMs`. */
async function versionsSince(
  stack: BenchStack,
  tables: readonly string[],
  sinceMs: number,
): Promise<{ externalId: string; sourceUpdatedMs: number }[]> {
  const rows: { externalId: string; sourceUpdatedMs: number }[] = [];
  for (const table of tables) {
    const { rows: found } = await sql<{ external_id: string; ms: string }>`
      select external_id, (extract(epoch from source_updated_at) * 1000)::bigint as ms
      from ${sql.table(table)} where source_updated_at >= to_timestamp(${sinceMs / 1000})`.execute(stack.db);
    for (const row of found) rows.push({ externalId: row.external_id, sourceUpdatedMs: Number(row.ms) });
  }
  return rows;
}
