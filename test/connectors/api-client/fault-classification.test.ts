import { type ServerResponse } from 'node:http';
import { findFreePort } from '../../../devstack/free-port';
import { type ApiClient, createApiClient, DEFAULT_RETRY_AFTER_MS } from '../../../connectors/api-client';
import { type FakeApi, sendJson, startFakeApi } from './fake-api';

const TOKEN = 'sk_live_never_show_me_4242';
const QUERY_SECRET = 'q-secret-7f3a';

/** The three calls whose failures are classified (list, ID listing, get by id). */
const calls = {
  list: (client: ApiClient) =>
    client.listPage({
      path: '/v1/things',
      limit: 10,
      updatedSince: QUERY_SECRET,
      cursor: { style: 'page', page: 2 },
    }),
  ids: (client: ApiClient) => client.listIds({ path: '/v1/things/ids', limit: 10, after: QUERY_SECRET }),
  get: (client: ApiClient) => client.getRecord('/v1/things', 'rec_01'),
};
type Call = keyof typeof calls;
const requestOf: Record<Call, string> = {
  list: 'GET /v1/things',
  ids: 'GET /v1/things/ids',
  get: 'GET /v1/things/rec_01',
};

let api: FakeApi;
let respond: (res: ServerResponse) => void;
let client: ApiClient;
/** Only for the timeout cases: a short deadline elsewhere would turn a slow test machine into failures. */
let impatient: ApiClient;
const TIMEOUT_MS = 100;

beforeAll(async () => {
  api = await startFakeApi((_req, res) => respond(res));
  client = createApiClient({ baseUrl: api.url, token: TOKEN, timeoutMs: 5_000 });
  impatient = createApiClient({ baseUrl: api.url, token: TOKEN, timeoutMs: TIMEOUT_MS });
});
afterAll(async () => {
  await Promise.all([client.close(), impatient.close()]);
  await api.close();
});

/** The error a call fails with, checked to hold neither the token nor the query string. */
async function failure(call: Call, target: ApiClient = client): Promise<Record<string, unknown>> {
  const err: unknown = await calls[call](target).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  const text = `${String(err)} ${(err as Error).message} ${JSON.stringify(err)}`;
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(QUERY_SECRET);
  expect(text).not.toContain('?');
  return err as Record<string, unknown>;
}

const errorBody = (code: string, message: string) => ({ error: { code, message } });

describe.each(Object.keys(calls) as Call[])('failures of %s', (call) => {
  it.each([500, 502, 503])('%i is retryable (http-5xx)', async (status) => {
    respond = (res) => sendJson(res, status, errorBody('unavailable', 'Try later'));
    expect(await failure(call)).toMatchObject({
      name: 'ApiRetryableError',
      kind: 'retryable',
      retryable: true,
      reason: 'http-5xx',
      status,
      request: requestOf[call],
    });
  });

  it('a 5xx with an HTML body is still http-5xx', async () => {
    respond = (res) => sendJson(res, 502, '<html>Bad gateway</html>');
    expect(await failure(call)).toMatchObject({ name: 'ApiRetryableError', reason: 'http-5xx', status: 502 });
  });

  it('a connection reset before any answer is retryable (network)', async () => {
    respond = (res) => res.socket?.destroy();
    expect(await failure(call)).toMatchObject({
      name: 'ApiRetryableError',
      reason: 'network',
      status: undefined,
    });
  });

  it('a connection reset in the middle of the body is retryable (network)', async () => {
    respond = (res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1000 });
      res.write('{"data": [', () => res.socket?.destroy());
    };
    expect(await failure(call)).toMatchObject({ name: 'ApiRetryableError', reason: 'network' });
  });

  it('a server that never answers times out (retryable)', async () => {
    respond = () => undefined;
    expect(await failure(call, impatient)).toMatchObject({
      name: 'ApiRetryableError',
      reason: 'timeout',
      message: `${requestOf[call]}: timed out after ${TIMEOUT_MS} ms`,
    });
  });

  it('a body that never ends times out: the timeout covers the body', async () => {
    respond = (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data": [');
    };
    expect(await failure(call, impatient)).toMatchObject({ name: 'ApiRetryableError', reason: 'timeout' });
  });

  it('a truncated JSON body is retryable (malformed-body)', async () => {
    respond = (res) => sendJson(res, 200, '{"data": [{"id": "rec_01", "name": "Ada');
    const err = await failure(call);
    expect(err).toMatchObject({ name: 'ApiRetryableError', reason: 'malformed-body', status: 200 });
    expect(err['message']).not.toContain('Ada');
  });

  it('well-formed JSON of the wrong shape is fatal and names the path and type', async () => {
    respond = (res) => sendJson(res, 200, { data: 'Ada Lovelace', next_cursor: null, next_after: null });
    const err = await failure(call);
    expect(err).toMatchObject({ name: 'ApiFatalError', kind: 'fatal', retryable: false, status: 200 });
    expect(err['message']).toMatch(/data: expected \w+, got string/);
    expect(err['message']).not.toContain('Ada');
  });

  it.each([401, 403])('%i is an auth error', async (status) => {
    respond = (res) => sendJson(res, status, errorBody('unauthorized', `Token ${TOKEN} is not valid`));
    const err = await failure(call);
    expect(err).toMatchObject({ name: 'ApiAuthError', kind: 'auth', retryable: false, status });
    expect(err['message']).toContain('unauthorized: Token [redacted] is not valid');
  });

  it('a 400 is fatal and quotes the server code and message, capped', async () => {
    respond = (res) =>
      sendJson(res, 400, errorBody('bad_request', `limit must be 1-500 ${'x'.repeat(1000)}`));
    const err = await failure(call);
    expect(err).toMatchObject({ name: 'ApiFatalError', status: 400 });
    expect(err['message']).toContain('HTTP 400 (bad_request: limit must be 1-500');
    expect((err['message'] as string).length).toBeLessThan(300);
  });

  it.each([
    ['delta-seconds', () => '7', 7_000, 7_000],
    ['an HTTP date', () => new Date(Date.now() + 30_000).toUTCString(), 28_000, 30_000],
    ['garbage', () => 'soon', DEFAULT_RETRY_AFTER_MS, DEFAULT_RETRY_AFTER_MS],
  ])('a 429 with Retry-After as %s reaches retryAfterMs', async (_style, header, min, max) => {
    respond = (res) =>
      sendJson(res, 429, errorBody('rate_limited', 'Slow down'), { 'retry-after': header() });
    const err = await failure(call);
    expect(err).toMatchObject({
      name: 'ApiRateLimitedError',
      kind: 'rate-limited',
      retryable: true,
      status: 429,
    });
    expect(err['retryAfterMs']).toBeGreaterThanOrEqual(min);
    expect(err['retryAfterMs']).toBeLessThanOrEqual(max);
  });

  it('a 429 without Retry-After waits the default', async () => {
    respond = (res) => sendJson(res, 429, '');
    expect(await failure(call)).toMatchObject({ retryAfterMs: DEFAULT_RETRY_AFTER_MS });
  });
});

describe('404', () => {
  beforeEach(() => {
    respond = (res) => sendJson(res, 404, errorBody('not_found', 'No such record'));
  });

  it('on a get is not-found', async () => {
    expect(await failure('get')).toMatchObject({ name: 'ApiNotFoundError', kind: 'not-found', status: 404 });
  });

  it.each(['list', 'ids'] as const)(
    'on the %s call is fatal (a wrong path, not a missing record)',
    async (call) => {
      expect(await failure(call)).toMatchObject({ name: 'ApiFatalError', status: 404 });
    },
  );

  it('on a get of an id that needs escaping names the escaped path', async () => {
    const err: unknown = await client.getRecord('/v1/things', 'a/b c').catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ApiNotFoundError', request: 'GET /v1/things/a%2Fb%20c' });
  });

  it('on a get through an {id} path template puts the escaped id in its place', async () => {
    const err: unknown = await client.getRecord('/v1/things/{id}', 'a/b c').catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ApiNotFoundError', request: 'GET /v1/things/a%2Fb%20c' });
  });
});

describe('get envelope', () => {
  it('returns the record as sent', async () => {
    respond = (res) => sendJson(res, 200, { data: { id: 'rec_01', nested: { n: 1 } } });
    await expect(client.getRecord('/v1/things', 'rec_01')).resolves.toEqual({
      id: 'rec_01',
      nested: { n: 1 },
    });
  });

  it.each([[[{ id: 'rec_01' }]], [null], ['rec_01']])('refuses %j as the record', async (data) => {
    respond = (res) => sendJson(res, 200, { data });
    expect(await failure('get')).toMatchObject({ name: 'ApiFatalError' });
  });
});

describe('a refused connection', () => {
  it.each(Object.keys(calls) as Call[])('on %s is retryable (network)', async (call) => {
    const nowhere = createApiClient({ baseUrl: `http://127.0.0.1:${await findFreePort()}`, token: TOKEN });
    expect(await failure(call, nowhere)).toMatchObject({
      name: 'ApiRetryableError',
      reason: 'network',
      message: `${requestOf[call]}: network error (ECONNREFUSED)`,
    });
    await nowhere.close();
  });
});
