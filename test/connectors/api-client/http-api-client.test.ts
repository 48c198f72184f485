import { setTimeout as delay } from 'node:timers/promises';
import { type ApiClientOptions, createApiClient, DEFAULT_USER_AGENT } from '../../../connectors/api-client';
import { type FakeApi, startFakeApi } from './fake-api';
import { contractHandler, tiedRecords } from './fake-list-api';

const TOKEN = 'sk_test_abcdef123456';
const records = tiedRecords();

let api: FakeApi;
/** Things that happened, in order, on both sides of the wire. */
let events: string[];

beforeAll(async () => {
  const contract = contractHandler('cursor', records);
  api = await startFakeApi((req, res, self) => {
    events.push(`request ${new URL(req.url ?? '', self.url).pathname}`);
    contract(req, res, self);
  });
});
beforeEach(() => {
  events = [];
});
afterAll(() => api.close());

async function withClient<T>(
  run: (client: ReturnType<typeof createApiClient>) => Promise<T>,
  options: Partial<ApiClientOptions> = {},
): Promise<T> {
  const client = createApiClient({ baseUrl: api.url, token: TOKEN, ...options });
  try {
    return await run(client);
  } finally {
    await client.close();
  }
}

async function drain(iterable: AsyncIterable<unknown>): Promise<number> {
  let count = 0;
  for await (const _ of iterable) count += 1;
  return count;
}

describe('createApiClient', () => {
  it('sends the bearer token, JSON accept and a user agent', async () => {
    await withClient((client) => client.getRecord('/v1/things', 'rec_01'));
    await withClient((client) => client.getRecord('/v1/things', 'rec_01'), { userAgent: 'tenant-sync/2' });
    const [first, second] = api.requests.slice(-2).map((r) => r.headers);
    expect(first).toMatchObject({ authorization: `Bearer ${TOKEN}`, accept: 'application/json' });
    expect(first?.['user-agent']).toBe(DEFAULT_USER_AGENT);
    expect(second?.['user-agent']).toBe('tenant-sync/2');
  });

  it('reuses one kept-alive connection for consecutive requests', async () => {
    const before = api.connections;
    const pages = await withClient(async (client) => {
      const count = await drain(client.paginate({ path: '/v1/things', limit: 2 }));
      await client.listIds({ path: '/v1/things/ids', limit: 100 });
      await client.getRecord('/v1/things', 'rec_02');
      return count;
    });
    expect(pages).toBe(6);
    expect(api.connections - before).toBe(1);
  });

  it('awaits beforeRequest before every request', async () => {
    const beforeRequest = async (): Promise<void> => {
      events.push('budget asked');
      // A budget that makes the caller wait: a request sent without awaiting it would land first.
      await delay(10);
      events.push('budget granted');
    };
    await withClient(
      async (client) => {
        await drain(client.paginate({ path: '/v1/things', limit: 4 }));
        await client.getRecord('/v1/things', 'rec_01');
      },
      { beforeRequest },
    );
    const round = (path: string) => ['budget asked', 'budget granted', `request ${path}`];
    expect(events).toEqual([
      ...round('/v1/things'),
      ...round('/v1/things'),
      ...round('/v1/things'),
      ...round('/v1/things/rec_01'),
    ]);
  });

  it('lets an error of beforeRequest through untouched, without sending the request', async () => {
    const refusal = new Error('budget exhausted');
    const err = await withClient(
      (client) => client.listPage({ path: '/v1/things', limit: 1 }).catch((e: unknown) => e),
      {
        beforeRequest: () => Promise.reject(refusal),
      },
    );
    expect(err).toBe(refusal);
    expect(events).toEqual([]);
  });

  it('serves an API under a path prefix', async () => {
    const prefixed = await startFakeApi((req, res, self) => {
      req.url = req.url?.replace(/^\/api/, '');
      contractHandler('cursor', records)(req, res, self);
    });
    const page = await withClient((client) => client.listPage({ path: '/v1/things', limit: 100 }), {
      baseUrl: `${prefixed.url}/api/`,
    });
    expect(page.records).toHaveLength(records.length);
    expect(prefixed.requests[0]?.url).toBe('/api/v1/things?limit=100');
    await prefixed.close();
  });

  it('closes idempotently and refuses requests afterwards', async () => {
    const client = createApiClient({ baseUrl: api.url, token: TOKEN });
    await client.getRecord('/v1/things', 'rec_01');
    await Promise.all([client.close(), client.close()]);
    await expect(client.getRecord('/v1/things', 'rec_01')).rejects.toMatchObject({
      name: 'ApiFatalError',
      message: 'GET /v1/things/rec_01: the API client is closed',
    });
  });

  it.each([
    ['a base URL that does not parse', { baseUrl: 'not a url' }],
    ['a non-http base URL', { baseUrl: 'ftp://example.com' }],
    ['credentials in the base URL', { baseUrl: 'https://user:pw@example.com' }],
    ['a query in the base URL', { baseUrl: 'https://example.com/?key=1' }],
    ['an unknown pagination style', { paginationStyle: 'offset' as 'page' }],
    ['a zero timeout', { timeoutMs: 0 }],
  ])('refuses %s', (_case, options) => {
    expect(() => createApiClient({ baseUrl: api.url, token: TOKEN, ...options })).toThrow(
      expect.objectContaining({ name: 'ApiFatalError', request: 'configure' }),
    );
    expect(() => createApiClient({ baseUrl: api.url, token: TOKEN, ...options })).not.toThrow(/pw|key=1/);
  });

  it('refuses an API path with a query before sending anything', async () => {
    await expect(
      withClient((client) => client.listPage({ path: '/v1/things?limit=5', limit: 1 })),
    ).rejects.toMatchObject({ name: 'ApiFatalError' });
    expect(events).toEqual([]);
  });
});
