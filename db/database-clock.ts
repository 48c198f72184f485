import { type Kysely, sql } from 'kysely';
import type { Database } from './database';

/** The database's clock now (not the transaction's start): the clock row writes are stamped with. */
export async function databaseClock(db: Kysely<Database>): Promise<Date> {
  const { rows } = await sql<{ now: Date }>`select clock_timestamp() as now`.execute(db);
  return rows[0]!.now;
}
