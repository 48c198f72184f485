import { type RunningSandbox, SandboxAdminClient, startSandbox } from '../../sandbox/index';
import { SandboxTestClient } from './sandbox-test-client';

describe('admin API', () => {
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ adminToken: 'let-me-in' });
  });

  afterAll(() => sandbox.stop());

  it('creates orgs with default ids, serving their connector in the documented split', async () => {
    const created = await sandbox.admin.createOrg({
      connector: 'ticketing',
      records: 10_000,
      pagination: 'page',
    });
    expect(created).toEqual({
      id: 'org1',
      token: expect.stringMatching(/^sk_test_/),
      webhookSecret: expect.stringMatching(/^whsec_/),
      connector: 'ticketing',
      pagination: 'page',
    });
    await sandbox.admin.createOrg({ id: 'hr-co', connector: 'hr', records: 10_000 });
    const orgs = await sandbox.admin.listOrgs();
    expect(orgs.map((org) => org.id)).toEqual(['org1', 'hr-co']);
    expect(orgs[0]?.records).toEqual({ projects: 200, tickets: 4900, comments: 4900 });
    expect(orgs[1]?.records).toEqual({
      locations: 100,
      departments: 400,
      people: 4500,
      time_off_requests: 5000,
    });
    expect(orgs[1]?.pagination).toBe('cursor');
  });

  it('gives every entity at least one record in tiny orgs', async () => {
    await sandbox.admin.createOrg({ id: 'tiny', connector: 'hr', records: 4 });
    const tiny = (await sandbox.admin.listOrgs()).find((org) => org.id === 'tiny');
    expect(tiny?.records).toEqual({ locations: 1, departments: 1, people: 1, time_off_requests: 1 });
  });

  it('changes settings at run time and keeps unnamed ones', async () => {
    const patched = await sandbox.admin.patchOrg('hr-co', {
      pagination: 'link',
      faults: { rate429: 0.25, retryAfterStyle: 'http-date' },
      webhooks: { url: 'http://127.0.0.1:9/hooks', duplicateRate: 0.1 },
      mutations: { lateMs: 5_000 },
    });
    expect(patched).toMatchObject({
      pagination: 'link',
      faults: { rate429: 0.25, retryAfterStyle: 'http-date', retryAfterSeconds: 1, rate5xx: 0 },
      webhooks: { url: 'http://127.0.0.1:9/hooks', duplicateRate: 0.1, reorder: false },
      mutations: { lateMs: 5_000, perMinute: 0 },
    });
    const again = await sandbox.admin.patchOrg('hr-co', {
      faults: { rate5xx: 0.5 },
      webhooks: { url: null },
    });
    expect(again.faults).toMatchObject({ rate429: 0.25, rate5xx: 0.5 });
    expect(again.webhooks.url).toBeNull();
  });

  it.each([
    [{ connector: 'crm', records: 10 }, /connector/],
    [{ connector: 'hr', records: 0 }, /records/],
    [{ connector: 'hr', records: 10, id: 'no spaces' }, /id/],
    [{ connector: 'hr', records: 10, extra: true }, /extra|Unrecognized/],
    [{ connector: 'hr', records: 10, id: 'hr-co' }, /exists already/],
  ])('refuses %j', async (body, message) => {
    await expect(sandbox.admin.createOrg(body as never)).rejects.toThrow(message);
  });

  it('refuses bad settings naming them', async () => {
    await expect(sandbox.admin.patchOrg('hr-co', { faults: { rate5xx: 2 } })).rejects.toThrow(
      /faults\.rate5xx/,
    );
    await expect(sandbox.admin.patchOrg('hr-co', { webhooks: { url: 'ftp://x' } })).rejects.toThrow(
      /webhooks\.url/,
    );
    await expect(sandbox.admin.patchOrg('nobody', {})).rejects.toMatchObject({
      status: 404,
      code: 'not_found',
    });
  });

  it('requires the admin token', async () => {
    const intruder = new SandboxAdminClient(sandbox.url, 'sandbox-admin');
    await expect(intruder.listOrgs()).rejects.toMatchObject({ name: 'SandboxAdminError', status: 401 });
    await intruder.close();
    const client = new SandboxTestClient(sandbox.url);
    expect((await client.get('/admin/stats', undefined)).status).toBe(401);
    await client.close();
  });

  it('refuses bad start options with a message naming them', async () => {
    await expect(startSandbox({ port: -1 })).rejects.toMatchObject({ name: 'SandboxOptionsError' });
    await expect(startSandbox({ orgs: [{ connector: 'hr', records: 0 }] })).rejects.toThrow(
      /orgs\.0\.records/,
    );
  });
});
