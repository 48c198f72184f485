import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { classifyRecords } from '../../activities/classify-records';
import { createApiClient } from '../../connectors/api-client';
import type { EntityDefinition } from '../../connectors/connector-definition';
import { getConnector } from '../../connectors/registry';
import { compareFields } from '../../client/operations/verify/compare-fields';
import { CredentialsCipher } from '../../db/credentials-cipher';
import { upsertEntityRows } from '../../db/entity-writes/upsert-entity-rows';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { createTestDatabase, type TestDatabase } from '../harness/test-database';
import { createUnthrottledOrg } from '../harness/unthrottled-org';

/**
 * `verify --deep` matches records to rows by the id the engine stored, which an entity may derive
 * (`externalIdOf`) rather than take from `record.id`.
 */
describe('verify --deep with an entity whose external id is derived', () => {
  let testDb: TestDatabase;
  let sandbox: RunningSandbox;
  const cipher = new CredentialsCipher(randomBytes(32));
  const people: EntityDefinition = {
    ...getConnector('hr').entity('people'),
    externalIdOf: (record: { id: string }) => `person:${record.id}`,
  };

  beforeAll(async () => {
    [testDb, sandbox] = await Promise.all([createTestDatabase(), startSandbox({ seed: 4 })]);
  });

  afterAll(async () => {
    await sandbox?.stop();
    await testDb?.destroy();
  });

  it('compares each record with the row stored under its derived id, and finds a changed field', async () => {
    const { orgId, token } = await createUnthrottledOrg(testDb.db, cipher, sandbox, 'derived-ids', {
      id: 'derived-ids',
      connector: 'hr',
      records: 300,
    });
    const client = createApiClient({ baseUrl: sandbox.url, token });
    try {
      for await (const page of client.paginate({ path: people.paths.list, limit: 100 })) {
        const { valid } = classifyRecords(people, page.records);
        await testDb.db
          .transaction()
          .execute((trx) => upsertEntityRows(trx, { orgId, entity: people, records: valid }));
      }
      const options = { sampleSize: 5, quarantined: new Set<string>() };
      expect(await compareFields(testDb.db, client, orgId, people, options)).toMatchObject({ drift: 0 });

      const { rows } = await sql<{ external_id: string }>`
        update hr_people set first_name = 'Changed behind the engine'
        where org_id = ${orgId} and external_id = (select min(external_id) from hr_people where org_id = ${orgId})
        returning external_id`.execute(testDb.db);
      const changed = rows[0]!.external_id;
      expect(changed.startsWith('person:')).toBe(true);
      expect(await compareFields(testDb.db, client, orgId, people, options)).toMatchObject({
        drift: 1,
        samples: [changed],
      });
    } finally {
      await client.close();
    }
  });
});
