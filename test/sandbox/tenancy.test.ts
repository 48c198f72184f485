import { errorOf, useSandbox } from './sandbox-test-client';

describe('tenant isolation', () => {
  const env = useSandbox({
    seed: 5,
    orgs: [
      { id: 'a', connector: 'hr', records: 500 },
      { id: 'b', connector: 'hr', records: 500 },
    ],
  });
  const a = () => env.org('a');
  const b = () => env.org('b');

  it('gives each org its own token and secret', () => {
    expect(a().token).not.toBe(b().token);
    expect(a().webhookSecret).not.toBe(b().webhookSecret);
    expect(a().webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
  });

  it('ids are per tenant: the same id exists in both orgs, with each its own record', async () => {
    const inA = await env.client.json<{ data: Record<string, unknown> }>('/v1/people/per_0000007', a().token);
    const inB = await env.client.json<{ data: Record<string, unknown> }>('/v1/people/per_0000007', b().token);
    expect(inA.data.id).toBe(inB.data.id);
    expect(inA.data).not.toEqual(inB.data);
  });

  it("B's token never sees A's changes", async () => {
    const { deleted, updated, created } = await env.sandbox.admin.mutate('a', {
      entity: 'people',
      deletes: 5,
      updates: 5,
      creates: 2,
    });
    for (const id of deleted) {
      expect((await env.client.get(`/v1/people/${id}`, a().token)).status).toBe(404);
      expect((await env.client.get(`/v1/people/${id}`, b().token)).status).toBe(200);
    }
    for (const id of created) expect((await env.client.get(`/v1/people/${id}`, b().token)).status).toBe(404);
    const newest = await env.client.listAll(b(), 'people', {
      limit: 500,
      updatedSince: '2025-06-01T00:00:00.000Z',
    });
    expect(newest.records).toEqual([]);
    const inA = await env.client.listAll(a(), 'people', {
      limit: 500,
      updatedSince: '2025-06-01T00:00:00.000Z',
    });
    expect(new Set(inA.records.map((record) => record.id))).toEqual(new Set([...updated, ...created]));
  });

  it('refuses missing, unknown and admin tokens on the tenant API', async () => {
    for (const token of [undefined, 'sk_test_nope', 'sandbox-admin']) {
      const response = await env.client.get('/v1/people', token);
      expect(response.status).toBe(401);
      expect(errorOf(response).code).toBe('unauthorized');
    }
    const stats = await env.sandbox.admin.stats();
    expect(stats.unauthorized).toBeGreaterThanOrEqual(3);
  });

  it('refuses org tokens on the admin API', async () => {
    const response = await env.client.get('/admin/orgs', a().token);
    expect(response.status).toBe(401);
  });
});
