import { withEntityTables } from '../harness/entity-tables';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { people } from '../../connectors/hr/people.entity';
import type { TransformedRecord } from '../../connectors/connector-definition';
import { CredentialsCipher } from '../../db/credentials-cipher';
import { softDeleteRecords } from '../../db/entity-writes/soft-delete';
import { upsertEntityRows } from '../../db/entity-writes/upsert-entity-rows';
import { createOrganization } from '../../db/repositories/organizations.repository';
import { personRecord } from '../fixtures/hr-records';
import { createTestDatabase, type TestDatabase } from '../harness/test-database';

function transformed(
  id: string,
  updatedAt: string,
  overrides: Record<string, unknown> = {},
): TransformedRecord<Record<string, unknown>> {
  const record = people.schema.parse(personRecord(id, updatedAt, overrides));
  return {
    externalId: id,
    sourceUpdatedAt: updatedAt,
    row: people.transform(record),
  };
}

describe('upsertEntityRows (monotonic writes)', () => {
  let testDb: TestDatabase;
  let orgId: string;
  const upsert = (records: TransformedRecord<Record<string, unknown>>[], reviveSameVersion = false) =>
    testDb.db
      .transaction()
      .execute((trx) => upsertEntityRows(trx, { orgId, entity: people, records, reviveSameVersion }));
  const row = (id: string) =>
    withEntityTables(testDb.db)
      .selectFrom('hr_people')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('external_id', '=', id)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const org = await createOrganization(testDb.db, new CredentialsCipher(randomBytes(32)), {
      name: 'Monotonic',
      connector: 'hr',
      apiBaseUrl: 'http://127.0.0.1:1',
      credentials: { token: 't' },
    });
    orgId = org.id;
  });

  afterAll(() => testDb?.destroy());

  it('inserts new rows with typed columns', async () => {
    expect(await upsert([transformed('per_1', '2026-01-01T00:00:00.000Z')])).toEqual({
      inserted: 1,
      updated: 0,
      unchanged: 0,
      revived: 0,
    });
    expect(await row('per_1')).toMatchObject({
      first_name: 'Ada',
      salary_amount: 123456.78,
      hire_date: '2024-03-01',
      skills: ['math', 'engines'],
      manager_id: null,
      deleted_at: null,
    });
  });

  it('counts the same version as unchanged without rewriting it', async () => {
    const before = await row('per_1');
    expect(await upsert([transformed('per_1', '2026-01-01T00:00:00.000Z')])).toEqual({
      inserted: 0,
      updated: 0,
      unchanged: 1,
      revived: 0,
    });
    expect((await row('per_1')).last_synced_at).toEqual(before.last_synced_at);
  });

  it('never lets an older version overwrite a newer one', async () => {
    await upsert([transformed('per_1', '2026-02-01T00:00:00.000Z', { first_name: 'Newer' })]);
    expect(
      await upsert([transformed('per_1', '2026-01-15T00:00:00.000Z', { first_name: 'Older' })]),
    ).toMatchObject({ unchanged: 1 });
    expect((await row('per_1')).first_name).toBe('Newer');
  });

  it('takes a same-timestamp version whose contents differ', async () => {
    expect(
      await upsert([transformed('per_1', '2026-02-01T00:00:00.000Z', { first_name: 'Same ms' })]),
    ).toMatchObject({ updated: 1 });
    expect((await row('per_1')).first_name).toBe('Same ms');
  });

  it('keeps the newest of one id repeated in a batch', async () => {
    await upsert([
      transformed('per_2', '2026-03-02T00:00:00.000Z', { first_name: 'Second' }),
      transformed('per_2', '2026-03-01T00:00:00.000Z', { first_name: 'First' }),
    ]);
    expect((await row('per_2')).first_name).toBe('Second');
  });

  it('revives a soft-deleted row only with a newer version, or when reconciliation says so', async () => {
    await testDb.db.transaction().execute((trx) => softDeleteRecords(trx, orgId, people.table, ['per_2']));
    expect(
      await upsert([transformed('per_2', '2026-03-02T00:00:00.000Z', { first_name: 'Second' })]),
    ).toMatchObject({ unchanged: 1, revived: 0 });
    expect((await row('per_2')).deleted_at).not.toBeNull();
    expect(
      await upsert([transformed('per_2', '2026-03-02T00:00:00.000Z', { first_name: 'Second' })], true),
    ).toMatchObject({ updated: 1, revived: 1 });
    expect((await row('per_2')).deleted_at).toBeNull();

    await testDb.db.transaction().execute((trx) => softDeleteRecords(trx, orgId, people.table, ['per_2']));
    expect(
      await upsert([transformed('per_2', '2026-04-01T00:00:00.000Z', { first_name: 'Recreated' })]),
    ).toMatchObject({ revived: 1 });
    expect(await row('per_2')).toMatchObject({ first_name: 'Recreated', deleted_at: null });
  });

  it('lets an older version overwrite only under the no-monotonic test switch', async () => {
    await upsert([transformed('per_3', '2026-06-02T00:00:00.000Z', { first_name: 'New' })]);
    const older = [transformed('per_3', '2026-06-01T00:00:00.000Z', { first_name: 'Old' })];
    await upsert(older);
    expect((await row('per_3')).first_name).toBe('New');
    await testDb.db
      .transaction()
      .execute((trx) => upsertEntityRows(trx, { orgId, entity: people, records: older, monotonic: false }));
    expect((await row('per_3')).first_name).toBe('Old');
    await sql`delete from hr_people where org_id = ${orgId} and external_id = 'per_3'`.execute(testDb.db);
  });

  it('keeps the newest of a record given twice and counts the other copy as unchanged', async () => {
    expect(
      await upsert([
        transformed('per_4', '2026-07-02T00:00:00.000Z', { first_name: 'Newer' }),
        transformed('per_4', '2026-07-01T00:00:00.000Z', { first_name: 'Older' }),
      ]),
    ).toEqual({ inserted: 1, updated: 0, unchanged: 1, revived: 0 });
    expect((await row('per_4')).first_name).toBe('Newer');
    await sql`delete from hr_people where org_id = ${orgId} and external_id = 'per_4'`.execute(testDb.db);
  });

  it('keeps first_seen_at from the first write', async () => {
    const first = (await row('per_1')).first_seen_at;
    await upsert([transformed('per_1', '2026-05-01T00:00:00.000Z')]);
    expect((await row('per_1')).first_seen_at).toEqual(first);
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from hr_people where org_id = ${orgId}`.execute(testDb.db);
    expect(rows[0]?.n).toBe(2);
  });
});
