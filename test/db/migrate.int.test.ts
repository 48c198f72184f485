import { connectorMigrations } from '../../connectors/registry';
import { Migrator, sql, type Kysely } from 'kysely';
import { createDatabase } from '../../db/connection';
import { withDatabaseName } from '../../db/database-url';
import type { Database } from '../../db/database';
import { migrateToLatest } from '../../db/migrate';
import { allMigrations } from '../../db/migrations';
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

const migrations = allMigrations(connectorMigrations());

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
    const first = await migrateToLatest(db, connectorMigrations());
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

    const second = await migrateToLatest(db, connectorMigrations());
    expect(second).toEqual([]);
    expect(await describeSchema(db)).toEqual(schemaAfterFirstRun);
  });

  it('carries webhook_deliveries over into webhook_inbox as forwarded (dedupe history kept), and back', async () => {
    await migrateToLatest(db, connectorMigrations());
    const schemaAtLatest = await describeSchema(db);
    const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
    const down = await migrator.migrateDown();
    expect(down.results?.map((result) => [result.migrationName, result.status])).toEqual([
      ['2026-12-01-008-webhook-inbox', 'Success'],
    ]);
    const receivedAt = new Date('2026-11-30T12:00:00.000Z');
    await sql`insert into organizations (id, name, connector, api_base_url, credentials_ciphertext)
      values ('org_m', 'M', 'hr', 'http://127.0.0.1:1', 'x')`.execute(db);
    await sql`insert into webhook_deliveries (org_id, webhook_id, received_at)
      values ('org_m', 'msg_1', ${receivedAt}), ('org_m', 'msg_2', ${receivedAt})`.execute(db);

    expect((await migrator.migrateUp()).error).toBeUndefined();
    const rows = await db
      .selectFrom('webhook_inbox')
      .select(['webhook_id', 'received_at', 'forwarded_at'])
      .where('org_id', '=', 'org_m')
      .orderBy('webhook_id')
      .execute();
    expect(rows).toEqual(
      ['msg_1', 'msg_2'].map((webhookId) => ({
        webhook_id: webhookId,
        received_at: receivedAt,
        forwarded_at: receivedAt,
      })),
    );
    expect(await describeSchema(db)).toEqual(schemaAtLatest);
    await sql`delete from organizations where id = 'org_m'`.execute(db);
  });
});
