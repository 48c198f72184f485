import { collect, idsOf, useSandbox } from './sandbox-test-client';

/** (updated_at, id) of each record, for checking the listing order. */
function keysOf(records: readonly Record<string, unknown>[]): string[] {
  return records.map((record) => `${String(record.updated_at)} ${String(record.id)}`);
}

describe('list pagination', () => {
  const env = useSandbox({
    seed: 11,
    orgs: [
      { id: 'cursor-org', connector: 'hr', records: 400, pagination: 'cursor' },
      { id: 'link-org', connector: 'hr', records: 400, pagination: 'link' },
      { id: 'page-org', connector: 'hr', records: 400, pagination: 'page' },
    ],
  });
  const tieUpdatedAt = new Map<string, string>();

  beforeAll(async () => {
    // 120 of the 180 people share one updated_at: every page boundary below falls inside the tie.
    for (const org of env.sandbox.orgs) {
      const burst = await env.sandbox.admin.mutate(org.id, { entity: 'people', tieBurst: 120 });
      tieUpdatedAt.set(org.id, String(burst.tieUpdatedAt));
    }
  });

  it.each(['cursor-org', 'link-org', 'page-org'])(
    '%s: returns every record exactly once, in order',
    async (id) => {
      const org = env.org(id);
      const { records, pages } = await env.client.listAll(org, 'people', { limit: 7 });
      expect(pages).toBeGreaterThanOrEqual(3);
      const ids = idsOf(records);
      expect(new Set(ids).size).toBe(ids.length);
      const truth = await collect(env.sandbox.admin.truthIds(id, 'people'));
      expect([...ids].sort()).toEqual(truth.map((entry) => entry.id));
      const keys = keysOf(records);
      expect(keys).toEqual([...keys].sort());
      // The tie really spans pages: the last 120 records share one updated_at.
      expect(new Set(records.slice(-120).map((record) => record.updated_at)).size).toBe(1);
    },
  );

  it.each(['cursor-org', 'link-org', 'page-org'])('%s: updated_since is inclusive', async (id) => {
    const org = env.org(id);
    const { records: all } = await env.client.listAll(org, 'time_off_requests', { limit: 500 });
    const pivot = all[Math.floor(all.length / 2)] as Record<string, unknown>;
    const since = String(pivot.updated_at);
    const { records, pages } = await env.client.listAll(org, 'time_off_requests', {
      limit: 30,
      updatedSince: since,
    });
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(idsOf(records)).toEqual(idsOf(all.filter((record) => String(record.updated_at) >= since)));
    expect(idsOf(records)).toContain(pivot.id);
    const tied = await env.client.listAll(org, 'people', { limit: 50, updatedSince: tieUpdatedAt.get(id) });
    expect(tied.records).toHaveLength(120);
  });

  it('link style: the next link is absolute and carries every query parameter', async () => {
    const org = env.org('link-org');
    const response = await env.client.get(
      '/v1/people?limit=5&updated_since=2020-01-01T00:00:00.000Z',
      org.token,
    );
    const link = String(response.headers.link);
    const url = new URL(/^<([^>]+)>; rel="next"$/.exec(link)?.[1] ?? 'http://invalid');
    expect(url.origin).toBe(env.sandbox.url);
    expect(url.pathname).toBe('/v1/people');
    expect(url.searchParams.get('limit')).toBe('5');
    expect(url.searchParams.get('updated_since')).toBe('2020-01-01T00:00:00.000Z');
    expect(url.searchParams.get('cursor')).toEqual(expect.any(String));
    const last = await env.client.get('/v1/locations?limit=500', org.token);
    expect(last.headers.link).toBeUndefined();
  });

  it('page style answers page, per_page and has_more', async () => {
    const org = env.org('page-org');
    const body = await env.client.json<{
      page: number;
      per_page: number;
      has_more: boolean;
      data: unknown[];
    }>('/v1/departments?limit=3&page=2', org.token);
    expect(body).toEqual({ data: expect.any(Array), page: 2, per_page: 3, has_more: true });
    const beyond = await env.client.json<{ data: unknown[]; has_more: boolean }>(
      '/v1/locations?page=99',
      org.token,
    );
    expect(beyond).toMatchObject({ data: [], has_more: false });
  });

  it('cursor style: a record updated during the listing moves to the end and is not missed', async () => {
    const org = env.org('cursor-org');
    let moved: string | undefined;
    const { records } = await env.client.listAll(org, 'departments', {
      limit: 5,
      betweenPages: async (page) => {
        if (page !== 1) return;
        const result = await env.sandbox.admin.mutate(org.id, { entity: 'departments', updates: 1 });
        moved = result.updated[0];
      },
    });
    const ids = idsOf(records);
    expect(ids[ids.length - 1]).toBe(moved);
    const live = await collect(env.sandbox.admin.truthIds(org.id, 'departments'));
    expect(new Set(ids)).toEqual(new Set(live.map((entry) => entry.id)));
  });

  it.each([
    ['limit=501', 'limit'],
    ['limit=0', 'limit'],
    ['limit=ten', 'limit'],
    ['updated_since=yesterday', 'updated_since'],
    ['cursor=not-a-cursor', 'cursor'],
    ['limit=5&limit=6', 'limit'],
  ])('answers 400 naming the parameter for %s', async (query, parameter) => {
    const response = await env.client.get(`/v1/people?${query}`, env.org('cursor-org').token);
    expect(response.status).toBe(400);
    const body = JSON.parse(response.text) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_parameter');
    expect(body.error.message).toMatch(new RegExp(`^${parameter} `));
  });

  it('refuses a cursor of another listing', async () => {
    const org = env.org('cursor-org');
    const first = await env.client.json<{ next_cursor: string }>('/v1/departments?limit=1', org.token);
    const response = await env.client.get(`/v1/people?cursor=${first.next_cursor}`, org.token);
    expect(response.status).toBe(400);
  });
});
