import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database';

/** e.g. `embedded 18.1, fsync on, synchronous_commit on`: the settings that decide write costs. */
export async function describePostgres(db: Kysely<Database>, embedded: boolean): Promise<string> {
  const setting = async (name: string) =>
    (await sql<{ value: string }>`select current_setting(${name}) as value`.execute(db)).rows[0]?.value ??
    '?';
  const version = (await setting('server_version')).split(' ')[0];
  return `${embedded ? 'embedded' : 'DATABASE_URL'} ${version}, fsync ${await setting('fsync')}, synchronous_commit ${await setting('synchronous_commit')}, shared_buffers ${await setting('shared_buffers')}`;
}
