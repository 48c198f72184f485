import { sql } from 'kysely';
import pg from 'pg';
import { getConnector } from '../../connectors/registry';
import type { BenchStack } from '../stack/bench-stack';

const CHANNEL = 'bench_row_commits';

/** A row version committed to an entity table, as the benchmark saw it. */
export interface CommittedRow {
  readonly externalId: string;
  /** The version's `updated_at` at the source, in ms: when the sandbox changed the record. */
  readonly sourceUpdatedMs: number;
  /** When the notification arrived here: PostgreSQL delivers it when the writing transaction commits. */
  readonly seenMs: number;
}

export interface CommitListener {
  readonly commits: readonly CommittedRow[];
  /** Removes the triggers and stops listening. */
  close(): Promise<void>;
}

/**
 * Reports every insert or update of the HR entity tables at its commit: a trigger notifies (and
 * PostgreSQL delivers notifications only when the transaction commits), the benchmark listens.
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
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  const commits: CommittedRow[] = [];
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
    await client.connect();
    client.on('notification', (message) => {
      const [externalId, updatedMs] = (message.payload ?? '').split(' ');
      commits.push({ externalId: externalId ?? '', sourceUpdatedMs: Number(updatedMs), seenMs: Date.now() });
    });
    await client.query(`listen ${CHANNEL}`);
  } catch (err) {
    await client.end().catch(() => undefined);
    await removeTriggers();
    throw err;
  }
  return {
    commits,
    async close() {
      await client.end();
      await removeTriggers();
    },
  };
}
