import { randomBytes } from 'node:crypto';
import { CredentialsCipher } from '../../db/credentials-cipher';
import { createOrganization } from '../../db/repositories/organizations.repository';
import { blockRequestsUntil, takeRateToken } from '../../db/repositories/rate-budget.repository';
import { createTestDatabase, type TestDatabase } from '../harness/test-database';

describe('the per-org rate budget', () => {
  let testDb: TestDatabase;
  let orgId: string;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    orgId = (
      await createOrganization(testDb.db, new CredentialsCipher(randomBytes(32)), {
        name: 'Budget',
        connector: 'hr',
        apiBaseUrl: 'http://127.0.0.1:1',
        credentials: { token: 't' },
      })
    ).id;
  });

  afterAll(() => testDb?.destroy());

  it('is one bucket for every caller: concurrent takers beyond the burst are spaced at the rate', async () => {
    // 60 requests at once from "many workers" against 20/s with a burst of 20.
    const takes = await Promise.all(Array.from({ length: 60 }, () => takeRateToken(testDb.db, orgId)));
    const waits = takes.map((take) => take.waitMs).sort((a, b) => a - b);
    expect(waits.filter((wait) => wait === 0).length).toBeGreaterThanOrEqual(18);
    // The 60th request is owed 40 tokens at 20/s: about two seconds of waiting.
    expect(waits.at(-1)!).toBeGreaterThan(1_500);
    expect(waits.at(-1)!).toBeLessThanOrEqual(2_050);
  });

  it('holds every request back until a Retry-After has passed', async () => {
    await blockRequestsUntil(testDb.db, orgId, new Date(Date.now() + 60_000));
    const { waitMs } = await takeRateToken(testDb.db, orgId);
    expect(waitMs).toBeGreaterThan(55_000);
  });

  it("follows the org's requests_per_second as soon as it changes", async () => {
    const other = await createOrganization(testDb.db, new CredentialsCipher(randomBytes(32)), {
      name: 'Budget 2',
      connector: 'hr',
      apiBaseUrl: 'http://127.0.0.1:1',
      credentials: { token: 't' },
    });
    await takeRateToken(testDb.db, other.id);
    await testDb.db
      .updateTable('organizations')
      .set({ requests_per_second: 2 })
      .where('id', '=', other.id)
      .execute();
    // At 2/s the bucket holds at most 2 tokens: the 4th request of a burst waits about a second.
    const takes = await Promise.all(Array.from({ length: 4 }, () => takeRateToken(testDb.db, other.id)));
    const longest = Math.max(...takes.map((take) => take.waitMs));
    expect(longest).toBeGreaterThan(400);
    expect(longest).toBeLessThanOrEqual(1_050);
  });
});
