import {
  type ApiClient,
  createApiClient,
  type FetchedPage,
  type PageCursor,
  PAGINATION_STYLES,
} from '../../../connectors/api-client';
import { type FakeApi, sendJson, startFakeApi } from './fake-api';
import { contractHandler, type FakeRecord, tiedRecords } from './fake-list-api';

const records = tiedRecords();
const ids = (pages: readonly FetchedPage[]): string[] =>
  pages.flatMap((p) => p.records.map((r) => (r as FakeRecord).id));

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe.each(PAGINATION_STYLES)('%s pagination', (style) => {
  let api: FakeApi;
  beforeAll(async () => {
    api = await startFakeApi(contractHandler(style, records));
  });
  afterAll(() => api.close());

  describe.each([style, 'auto'] as const)('read as %s', (setting) => {
    let client: ApiClient;
    beforeEach(() => {
      client = createApiClient({ baseUrl: api.url, token: 't0ken', paginationStyle: setting });
    });
    afterEach(() => client.close());

    it('returns every record exactly once, in order, across pages with timestamp ties', async () => {
      const pages = await collect(client.paginate({ path: '/v1/things', limit: 3 }));
      expect(pages).toHaveLength(4);
      expect(ids(pages)).toEqual(records.map((r) => r.id));
      expect(pages[0]?.cursor).toBeUndefined();
      expect(pages.every((p) => p.cursor === undefined || p.cursor.style === style)).toBe(true);
      expect(pages.at(-1)?.next).toBeNull();
      // Each page says which cursor fetched it: the previous page's `next`.
      pages.slice(1).forEach((page, i) => expect(page.cursor).toEqual(pages[i]?.next));
    });

    it('resumes from a stored cursor exactly after the page it ended on', async () => {
      const [first, second] = await collect(take(client.paginate({ path: '/v1/things', limit: 4 }), 2));
      const stored = JSON.parse(JSON.stringify(second?.next)) as PageCursor;
      const rest = await collect(client.paginate({ path: '/v1/things', limit: 4, cursor: stored }));
      expect(rest[0]?.cursor).toEqual(stored);
      expect([...ids([first!, second!]), ...ids(rest)]).toEqual(records.map((r) => r.id));
    });

    it('passes updated_since (inclusive) and the limit', async () => {
      const since = '2026-01-01T00:00:02.000Z';
      const pages = await collect(client.paginate({ path: '/v1/things', limit: 2, updatedSince: since }));
      expect(ids(pages)).toEqual(records.filter((r) => r.updated_at >= since).map((r) => r.id));
      const first = new URL(api.requests.at(-pages.length)?.url ?? '', api.url);
      expect(first.searchParams.get('updated_since')).toBe(since);
      expect(first.searchParams.get('limit')).toBe('2');
    });

    it('reads a single last page as the end', async () => {
      const page = await client.listPage({ path: '/v1/things', limit: 100 });
      expect(page.records).toHaveLength(records.length);
      expect(page.next).toBeNull();
    });
  });
});

async function* take<T>(iterable: AsyncIterable<T>, count: number): AsyncGenerator<T> {
  if (count <= 0) return;
  let taken = 0;
  for await (const item of iterable) {
    yield item;
    if (++taken >= count) return;
  }
}

describe('pagination against a misbehaving API', () => {
  let api: FakeApi;
  let answer: (url: URL, origin: string) => { body: unknown; headers?: Record<string, string> };
  beforeAll(async () => {
    api = await startFakeApi((req, res, self) => {
      const { body, headers } = answer(new URL(req.url ?? '/', self.url), self.url);
      sendJson(res, 200, body, headers);
    });
  });
  afterAll(() => api.close());

  const clientFor = (paginationStyle?: 'cursor' | 'page' | 'link') =>
    createApiClient({ baseUrl: api.url, token: 't0ken', ...(paginationStyle ? { paginationStyle } : {}) });

  it('refuses a next link to another origin', async () => {
    answer = () => ({
      body: { data: [] },
      headers: { link: '<http://evil.example:81/v1/things?c=1>; rel="next"' },
    });
    const client = clientFor();
    await expect(client.listPage({ path: '/v1/things', limit: 1 })).rejects.toMatchObject({
      name: 'ApiFatalError',
      message: expect.stringContaining('another origin') as unknown,
    });
    await client.close();
  });

  it('refuses a stored link cursor to another origin without sending anything', async () => {
    const client = clientFor();
    const before = api.requests.length;
    const cursor: PageCursor = { style: 'link', url: 'https://evil.example/v1/things' };
    await expect(client.listPage({ path: '/v1/things', limit: 1, cursor })).rejects.toMatchObject({
      name: 'ApiFatalError',
    });
    expect(api.requests.length).toBe(before);
    await client.close();
  });

  it('resolves a relative next link against the page that carried it', async () => {
    answer = (url) =>
      url.searchParams.get('c') === null
        ? { body: { data: [1] }, headers: { link: '</v1/things?c=2>; rel="prev next"' } }
        : { body: { data: [2] } };
    const client = clientFor('link');
    const pages = await collect(client.paginate({ path: '/v1/things', limit: 1 }));
    expect(pages.map((p) => p.records)).toEqual([[1], [2]]);
    expect(pages[1]?.cursor).toEqual({ style: 'link', url: `${api.url}/v1/things?c=2` });
    await client.close();
  });

  it('fails when the API repeats a cursor instead of looping forever', async () => {
    answer = () => ({ body: { data: [1], next_cursor: 'same' } });
    const client = clientFor();
    await expect(
      collect(client.paginate({ path: '/v1/things', limit: 1, cursor: { style: 'cursor', token: 'same' } })),
    ).rejects.toMatchObject({
      name: 'ApiFatalError',
      message: expect.stringContaining('same cursor') as unknown,
    });
    await client.close();
  });

  it.each([
    ['cursor', { data: [], page: 1, per_page: 1, has_more: true }],
    ['page', { data: [], next_cursor: 'abc' }],
    ['link', { data: [], next_cursor: 'abc' }],
    ['cursor', { data: [] }],
  ] as const)(
    'fails loudly when an API configured for %s pagination answers in another style',
    async (style, body) => {
      answer = () => ({ body });
      const client = clientFor(style);
      await expect(client.listPage({ path: '/v1/things', limit: 1 })).rejects.toMatchObject({
        name: 'ApiFatalError',
        message: expect.stringContaining(`expected ${style} pagination`) as unknown,
      });
      await client.close();
    },
  );

  it('fails when a stored cursor meets an API that switched styles', async () => {
    answer = () => ({ body: { data: [], page: 1, per_page: 1, has_more: false } });
    const client = clientFor();
    await expect(
      client.listPage({ path: '/v1/things', limit: 1, cursor: { style: 'cursor', token: 'abc' } }),
    ).rejects.toMatchObject({ name: 'ApiFatalError' });
    await client.close();
  });

  it('refuses a stored cursor of another style than the configured one', async () => {
    const client = clientFor('page');
    await expect(
      client.listPage({ path: '/v1/things', limit: 1, cursor: { style: 'cursor', token: 'abc' } }),
    ).rejects.toMatchObject({
      name: 'ApiFatalError',
      message: expect.stringContaining('cannot resume') as unknown,
    });
    await client.close();
  });
});

describe('ID listing', () => {
  let api: FakeApi;
  let client: ApiClient;
  beforeAll(async () => {
    api = await startFakeApi(contractHandler('cursor', records));
    client = createApiClient({ baseUrl: api.url, token: 't0ken' });
  });
  afterAll(async () => {
    await client.close();
    await api.close();
  });

  const sortedIds = records.map((r) => r.id).sort();

  it('pages through every id once, sorted by id, with updated_at', async () => {
    const pages = await collect(client.paginateIds({ path: '/v1/things/ids', limit: 4 }));
    expect(pages).toHaveLength(3);
    expect(pages.flatMap((p) => p.entries.map((e) => e.id))).toEqual(sortedIds);
    expect(pages[0]?.entries[0]).toEqual({ id: records[0]?.id, updatedAt: records[0]?.updated_at });
    expect(pages.at(-1)?.nextAfter).toBeNull();
  });

  it('resumes after a stored id', async () => {
    const pages = await collect(
      client.paginateIds({ path: '/v1/things/ids', limit: 4, after: sortedIds[5] }),
    );
    expect(pages.flatMap((p) => p.entries.map((e) => e.id))).toEqual(sortedIds.slice(6));
    expect(new URL(api.requests.at(-pages.length)?.url ?? '', api.url).searchParams.get('after')).toBe(
      sortedIds[5],
    );
  });
});
