import { sql, type Kysely } from 'kysely';
import { createDatabase } from '../../db/connection';
import { withDatabaseName } from '../../db/database-url';
import type { Database } from '../../db/database';
import { migrateToLatest } from '../../db/migrate';
import { migrations } from '../../db/migrations';
import { createTestDatabaseAdmin } from '../harness/test-database-admin';
import { testStack } from '../harness/test-stack';

/** Columns, constraints and indexes of the public schema, as text, to compare two states. */
async function describeSchema(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ line: string }>`
    select format('column %s.%s %s null=%s default=%s', table_name, column_name, data_type, is_nullable, column_default) as line
      from information_schema.columns where table_schema = 'public'
    union all
    select format('constraint %s %s', conname, pg_get_constraintdef(oid)) from pg_constraint
      where connamespace = 'public'::regnamespace
    union all
    select format('index %s', indexdef) from pg_indexes where schemaname = 'public'
    order by 1`.execute(db);
  return rows.map((row) => row.line);
}

describe('migrations', () => {
  const emptyDatabase = `${testStack().databasePrefix}empty_${process.pid}`;
  let db: Kysely<Database>;

  beforeAll(async () => {
    const admin = createTestDatabaseAdmin(testStack().adminDatabaseUrl);
    await admin.createDatabase(emptyDatabase);
    await admin.close();
    db = createDatabase({ url: withDatabaseName(testStack().adminDatabaseUrl, emptyDatabase), poolSize: 2 });
  });

  afterAll(async () => {
    await db?.destroy();
    const admin = createTestDatabaseAdmin(testStack().adminDatabaseUrl);
    await admin.dropDatabase(emptyDatabase);
    await admin.close();
  });

  it('build the whole schema on an empty database, and a second run changes nothing', async () => {
    const first = await migrateToLatest(db);
    expect(first.map((result) => [result.migrationName, result.status])).toEqual(
      Object.keys(migrations).map((name) => [name, 'Success']),
    );
    const schemaAfterFirstRun = await describeSchema(db);
    expect(schemaAfterFirstRun.join('\n')).toEqual(
      expect.stringContaining('column organizations.credentials_ciphertext text null=NO'),
    );
    for (const table of ['organizations', 'sync_cursors', 'sync_runs', 'quarantine']) {
      expect(schemaAfterFirstRun.some((line) => line.startsWith(`column ${table}.`))).toBe(true);
    }

    const second = await migrateToLatest(db);
    expect(second).toEqual([]);
    expect(await describeSchema(db)).toEqual(schemaAfterFirstRun);
  });
});
