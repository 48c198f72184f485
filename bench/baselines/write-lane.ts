import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../../db/database';

/**
 * One database connection of a write variant: raw for COPY and hand-built statements, and the same
 * connection through kysely for the engine's own upsert.
 */
export interface WriteLane {
  readonly pool: pg.Pool;
  readonly db: Kysely<Database>;
  /** Staging tables this connection has created (COPY). */
  readonly stagedTables: Set<string>;
  close(): Promise<void>;
}

export async function openWriteLane(url: string): Promise<WriteLane> {
  // One connection, kept for the whole variant (its temporary staging tables live on it).
  const pool = new pg.Pool({ connectionString: url, max: 1, idleTimeoutMillis: 0 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await pool.query('select 1');
  return { pool, db, stagedTables: new Set(), close: () => db.destroy() };
}

/** Runs `work` in one transaction on the lane's raw connection. */
export async function inTransaction(
  lane: WriteLane,
  work: (client: pg.PoolClient) => Promise<void>,
): Promise<void> {
  const client = await lane.pool.connect();
  try {
    await client.query('begin');
    await work(client);
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
