import { collect, errorOf, useSandbox } from './sandbox-test-client';

describe('single records and the ID listing', () => {
  const env = useSandbox({ orgs: [{ id: 'acme', connector: 'ticketing', records: 3000 }] });
  const token = () => env.org().token;

  it('serves one record, 404 once deleted, and the same id again once re-created', async () => {
    const { deleted } = await env.sandbox.admin.mutate('acme', { entity: 'projects', deletes: 3 });
    expect(deleted).toHaveLength(3);
    for (const id of deleted) {
      const gone = await env.client.get(`/v1/projects/${id}`, token());
      expect(gone.status).toBe(404);
      expect(JSON.parse(gone.text)).toEqual({
        error: { code: 'not_found', message: expect.stringContaining(id) },
      });
    }
    const { recreated } = await env.sandbox.admin.mutate('acme', { entity: 'projects', recreates: 3 });
    expect([...recreated].sort()).toEqual([...deleted].sort());
    for (const id of recreated) {
      const back = await env.client.json<{ data: { id: string; updated_at: string; created_at: string } }>(
        `/v1/projects/${id}`,
        token(),
      );
      expect(back.data.id).toBe(id);
      expect(back.data.updated_at > back.data.created_at).toBe(true);
    }
  });

  it('answers 404 for ids that never existed or are not ids', async () => {
    for (const id of ['prj_9999999', 'prj_12', 'tkt_0000001', 'nonsense']) {
      expect((await env.client.get(`/v1/projects/${id}`, token())).status).toBe(404);
    }
  });

  it('creates take the next ids, so they sort after every existing one', async () => {
    const before = await collect(env.sandbox.admin.truthIds('acme', 'comments'));
    const { created } = await env.sandbox.admin.mutate('acme', { entity: 'comments', creates: 2 });
    const last = before[before.length - 1]?.id ?? '';
    for (const id of created) expect(id > last).toBe(true);
    const record = await env.client.json<{ data: { created_at: string; updated_at: string } }>(
      `/v1/comments/${created[0]}`,
      token(),
    );
    expect(record.data.created_at).toBe(record.data.updated_at);
  });

  it('lists every live id once, in id order, with next_after', async () => {
    await env.sandbox.admin.mutate('acme', { entity: 'tickets', deletes: 40, updates: 40 });
    const truth = await collect(env.sandbox.admin.truthIds('acme', 'tickets'));
    const listed: { id: string; updated_at: string }[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const query: string = after === null ? 'limit=400' : `limit=400&after=${after}`;
      const page: { data: { id: string; updated_at: string }[]; next_after: string | null } =
        await env.client.json(`/v1/tickets/ids?${query}`, token());
      listed.push(...page.data);
      after = page.next_after;
      pages++;
    } while (after !== null);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(listed).toEqual(truth);
    expect(listed.map((entry) => entry.id)).toEqual(listed.map((entry) => entry.id).sort());
  });

  it('keyset on id: a record updated during the ID listing is neither skipped nor repeated', async () => {
    const first = await env.client.json<{ data: { id: string }[]; next_after: string }>(
      '/v1/comments/ids?limit=500',
      token(),
    );
    await env.sandbox.admin.mutate('acme', { entity: 'comments', updates: 200 });
    const rest: { id: string }[] = [];
    let after: string | null = first.next_after;
    while (after !== null) {
      const page: { data: { id: string }[]; next_after: string | null } = await env.client.json(
        `/v1/comments/ids?limit=10000&after=${after}`,
        token(),
      );
      rest.push(...page.data);
      after = page.next_after;
    }
    const ids = [...first.data, ...rest].map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      (await collect(env.sandbox.admin.truthIds('acme', 'comments'))).map((entry) => entry.id),
    );
  });

  it.each([
    ['limit=10001', 'limit'],
    ['after=tkt_1', 'after'],
    ['after=cmt_0000001', 'after'],
  ])('answers 400 naming the parameter for %s', async (query, parameter) => {
    const response = await env.client.get(`/v1/tickets/ids?${query}`, token());
    expect(response.status).toBe(400);
    expect(errorOf(response).message).toMatch(new RegExp(`^${parameter} `));
  });

  it('answers JSON 404s for unknown entities and routes', async () => {
    for (const path of ['/v1/people', '/v1/people/ids', '/nothing/here']) {
      const response = await env.client.get(path, token());
      expect(response.status).toBe(404);
      expect(errorOf(response).code).toBe('not_found');
    }
  });
});
