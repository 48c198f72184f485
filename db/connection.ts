import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database';

// int8 (counts, bigint ids) as JS numbers: our counts stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));
// numeric as JS numbers: entity amounts are declared with a scale a double represents exactly.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number.parseFloat(value));
// date as its `YYYY-MM-DD` text: a JS Date would shift it by the process's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export interface DatabaseOptions {
  readonly url: string;
  readonly poolSize?: number;
  /** Shown in pg_stat_activity, so operators can tell the processes apart. */
  readonly applicationName?: string;
}

/**
 * A pg pool that survives PostgreSQL restarts: a client that loses its connection, idle or
 * checked out, is dropped and replaced instead of crashing the process.
 */
export function createPool(options: DatabaseOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    application_name: options.applicationName ?? 'sync-engine',
    // A restarted PostgreSQL leaves broken idle clients: drop them instead of crashing.
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', () => {
    // An idle client lost its connection (server restart); the pool replaces it on next use.
  });
  // A client that is checked out but between queries (inside a transaction, or while kysely holds
  // it) reports a lost connection as an 'error' event on itself, not on the pool: without a
  // listener Node throws it and the whole process dies (the chaos suite's webhook receiver did, at
  // a PostgreSQL restart). Its next query fails instead, and the pool drops it on release.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return pool;
}

/** A kysely instance over a pg pool (see `createPool`). Call `destroy()` to close the pool. */
export function createDatabase(options: DatabaseOptions): Kysely<Database> {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: createPool(options) }) });
}
