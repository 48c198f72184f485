import { randomBytes } from 'node:crypto';
import { people } from '../../connectors/hr/people.entity';
import type { TransformedRecord } from '../../connectors/connector-definition';
import { CredentialsCipher } from '../../db/credentials-cipher';
import { commitPage, type PageRecords } from '../../db/entity-writes/commit-page';
import { createOrganization } from '../../db/repositories/organizations.repository';
import type { QuarantineEntry } from '../../db/repositories/quarantine.repository';
import type { RunKey } from '../../db/repositories/sync-runs.repository';
import { personRecord } from '../fixtures/hr-records';
import { createTestDatabase, type TestDatabase } from '../harness/test-database';

const AT = '2026-02-01T00:00:00.000Z';

function valid(id: string): TransformedRecord<Record<string, unknown>> {
  return {
    externalId: id,
    sourceUpdatedAt: AT,
    row: people.transform(people.schema.parse(personRecord(id, AT))),
  };
}

function invalid(id: string): QuarantineEntry {
  return { externalId: id, sourceUpdatedAt: AT, payload: { id }, error: 'first_name: expected string' };
}

describe('commitPage with several pages', () => {
  let testDb: TestDatabase;
  let orgId: string;
  let run: RunKey;

  const commit = (pages: PageRecords[]) =>
    commitPage(testDb.db, {
      orgId,
      entity: people,
      pages,
      fetched: pages.reduce((sum, page) => sum + page.valid.length + page.invalid.length, 0),
      run,
    });
  const openQuarantine = async () =>
    (
      await testDb.db
        .selectFrom('quarantine')
        .select('external_id')
        .where('org_id', '=', orgId)
        .where('resolved_at', 'is', null)
        .orderBy('external_id')
        .execute()
    ).map((entry) => entry.external_id);

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const org = await createOrganization(testDb.db, new CredentialsCipher(randomBytes(32)), {
      name: 'Batches',
      connector: 'hr',
      apiBaseUrl: 'http://127.0.0.1:1',
      credentials: { token: 't' },
    });
    orgId = org.id;
    run = { workflowId: 'wf', syncId: 'sync-1', orgId, kind: 'full', entity: people.name };
  });

  afterAll(() => testDb?.destroy());

  it('settles the quarantine in page order: broken then valid heals, valid then broken stays open', async () => {
    const result = await commit([
      { valid: [valid('per_a')], invalid: [invalid('per_b')] },
      { valid: [valid('per_b'), valid('per_c')], invalid: [invalid('per_a')] },
    ]);
    expect(result).toMatchObject({ committed: true, counts: { inserted: 3 } });
    expect(await openQuarantine()).toEqual(['per_a']);
  });

  it('heals open entries from a batch without broken records, and counts the run once per batch', async () => {
    await commit([
      { valid: [valid('per_d')], invalid: [] },
      { valid: [valid('per_a')], invalid: [] },
    ]);
    expect(await openQuarantine()).toEqual([]);
    const row = await testDb.db
      .selectFrom('sync_runs')
      .select(['fetched', 'upserted', 'unchanged', 'quarantined'])
      .where('run_id', '=', 'sync-1')
      .where('entity', '=', people.name)
      .executeTakeFirstOrThrow();
    expect(Object.values(row).map(Number)).toEqual([7, 4, 1, 2]);
  });
});
