import { randomBytes } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { type DemoOrg, resolveDemoOrgs } from '../../client/dev/demo-orgs';
import { CredentialsCipher } from '../../db/credentials-cipher';
import { createOrganization, listOrganizations } from '../../db/repositories/organizations.repository';
import type { OrgCredentials } from '../../sandbox';
import { syncWorkflowId } from '../../workflows/shared/workflow-ids';
import { connectToTestTemporal, uniqueTaskQueue } from '../harness/temporal';
import { createTestDatabase, type TestDatabase } from '../harness/test-database';

const tenant = (id: string): OrgCredentials => ({
  id,
  token: `token-${id}-${randomBytes(8).toString('hex')}`,
  webhookSecret: `whsec_${randomBytes(24).toString('base64')}`,
  connector: 'hr',
  pagination: 'cursor',
});

describe('which orgs dev adopts as its demo orgs', () => {
  let testDb: TestDatabase;
  let env: TestWorkflowEnvironment;
  const cipher = new CredentialsCipher(randomBytes(32));
  const sandboxUrl = 'http://127.0.0.1:4010';
  const demo1 = tenant('demo1');
  const handMade = tenant('org2');

  const context = () => ({
    db: testDb.db,
    temporal: env.client,
    taskQueue: uniqueTaskQueue('demo-orgs'),
    namespace: 'default',
    cipher,
    close: () => Promise.resolve(),
  });
  const resolve = (recorded: readonly DemoOrg[], url = sandboxUrl) =>
    resolveDemoOrgs(context(), {
      tenants: [demo1, handMade],
      sandboxUrl: url,
      requestedTenantIds: ['demo1'],
      recorded,
    });
  const addByHand = (name: string, of: OrgCredentials) =>
    createOrganization(testDb.db, cipher, {
      name,
      connector: 'hr',
      apiBaseUrl: `${sandboxUrl}/`,
      credentials: { token: of.token },
    });

  beforeAll(async () => {
    [testDb, env] = await Promise.all([createTestDatabase(), connectToTestTemporal()]);
  });
  afterAll(async () => {
    await Promise.all([testDb?.destroy(), env?.teardown()]);
  });

  it('adds an org for its own tenant only, once, and never for a tenant synced by an org added by hand', async () => {
    const hand = await addByHand('Added by hand', handMade);
    const first = await resolve([]);
    expect(first.demoOrgs.map((demo) => demo.sandboxOrgId)).toEqual(['demo1']);
    expect(first.warnings).toEqual([]);
    const again = await resolve(first.demoOrgs);
    expect(again.demoOrgs).toEqual(first.demoOrgs);
    // dev.json lost (or written before a crash): the org that syncs the tenant is found by its token.
    expect((await resolve([])).demoOrgs).toEqual(first.demoOrgs);
    const orgs = await listOrganizations(testDb.db);
    expect(orgs.map((org) => org.id).sort()).toEqual([first.demoOrgs[0]!.orgId, hand.id].sort());
  });

  it('ignores what an earlier version recorded for other tenants, and reports tenants synced twice', async () => {
    const duplicate = await addByHand('Demo org2', handMade);
    const demo = (await resolve([])).demoOrgs;
    const resolved = await resolve([...demo, { orgId: duplicate.id, sandboxOrgId: 'org2' }]);
    expect(resolved.demoOrgs).toEqual(demo);
    expect(resolved.warnings).toEqual([
      expect.stringContaining('sandbox tenant org2 is synced by 2 organizations'),
    ]);
  });

  it('moves its demo orgs, and only them, to the sandbox URL it has now', async () => {
    const moved = 'http://127.0.0.1:4011';
    const { demoOrgs } = await resolve([], moved);
    const orgs = await listOrganizations(testDb.db);
    for (const org of orgs) {
      const isDemo = demoOrgs.some((demo) => demo.orgId === org.id);
      expect(org.api_base_url).toBe(isDemo ? moved : `${sandboxUrl}/`);
    }
  });

  it('leaves a demo org removed with `org remove` removed: no webhooks, no second org', async () => {
    const { demoOrgs } = await resolve([]);
    await testDb.db
      .updateTable('organizations')
      .set({ removed_at: new Date() })
      .where('id', '=', demoOrgs[0]!.orgId)
      .execute();
    const count = (await listOrganizations(testDb.db)).length;
    expect((await resolve(demoOrgs)).demoOrgs).toEqual([]);
    expect(await listOrganizations(testDb.db)).toHaveLength(count);
  });

  it('starts with an org whose credentials another key sealed, and says so', async () => {
    const foreign = await createOrganization(testDb.db, new CredentialsCipher(randomBytes(32)), {
      name: 'Another key',
      connector: 'hr',
      apiBaseUrl: sandboxUrl,
      credentials: { token: 'sealed-with-another-key' },
    });
    const resolved = await resolve([]);
    expect(resolved.warnings).toContainEqual(
      expect.stringContaining(`organization ${foreign.id}: Cannot decrypt`),
    );
  });

  it('gives an org stored by a start cut short before its full sync began that initial full sync', async () => {
    const demo5 = tenant('demo5');
    const stored = await createOrganization(testDb.db, cipher, {
      name: 'Demo demo5',
      connector: 'hr',
      apiBaseUrl: sandboxUrl,
      credentials: { token: demo5.token },
    });
    const initialSync = env.client.workflow.getHandle(syncWorkflowId(stored.id, 'full'));
    await expect(initialSync.describe()).rejects.toMatchObject({ name: 'WorkflowNotFoundError' });
    const { demoOrgs } = await resolveDemoOrgs(context(), {
      tenants: [demo5],
      sandboxUrl,
      requestedTenantIds: ['demo5'],
      recorded: [],
    });
    expect(demoOrgs).toEqual([{ orgId: stored.id, sandboxOrgId: 'demo5' }]);
    expect((await initialSync.describe()).status.name).toBe('RUNNING');
    await initialSync.terminate('test done');
  });
});
