import { HttpTransport, transportError } from '../../../connectors/api-client/http-transport';
import { startFakeApi } from './fake-api';

const REQUEST = 'GET /v1/people';

/** An error as Node or undici raise it, whose message names a URL with a query string. */
const raised = (code: string | undefined, cause?: unknown) =>
  Object.assign(new Error('failed: http://api.example/v1/people?updated_since=SECRET'), { code, cause });

describe('transportError', () => {
  it.each([
    ['ECONNREFUSED', 'network'],
    ['ECONNRESET', 'network'],
    ['ENOTFOUND', 'network'],
    ['EAI_AGAIN', 'network'],
    ['EHOSTUNREACH', 'network'],
    ['UND_ERR_SOCKET', 'network'],
    ['HPE_INVALID_CONSTANT', 'network'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
    ['UND_ERR_BODY_TIMEOUT', 'timeout'],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
    ['ETIMEDOUT', 'timeout'],
  ])('classifies %s as retryable (%s)', (code, reason) => {
    const err = transportError(raised(code), REQUEST, undefined);
    expect(err).toMatchObject({ name: 'ApiRetryableError', reason, request: REQUEST, status: undefined });
    expect(err.message).toContain(code);
    expect(err.message).not.toContain('SECRET');
  });

  it('names the socket error undici wraps', () => {
    const err = transportError(raised('UND_ERR_SOCKET', raised('ECONNRESET')), REQUEST, undefined);
    expect(err.message).toBe(`${REQUEST}: network error (ECONNRESET)`);
  });

  it('reads any failure after the deadline fired as a timeout', () => {
    expect(transportError(raised('UND_ERR_ABORTED'), REQUEST, 250)).toMatchObject({
      reason: 'timeout',
      message: `${REQUEST}: timed out after 250 ms`,
    });
  });

  it.each(['UND_ERR_CLOSED', 'UND_ERR_DESTROYED', 'UND_ERR_INVALID_ARG'])(
    'classifies %s as fatal',
    (code) => {
      expect(transportError(raised(code), REQUEST, undefined)).toMatchObject({ name: 'ApiFatalError' });
    },
  );

  it('keeps an unknown failure retryable without quoting its message', () => {
    const err = transportError(raised(undefined), REQUEST, undefined);
    expect(err).toMatchObject({ name: 'ApiRetryableError', reason: 'network' });
    expect(err.message).toBe(`${REQUEST}: network error (no code, unclassified)`);
  });
});

describe('HttpTransport', () => {
  it('refuses a body over its size bound', async () => {
    const api = await startFakeApi((_req, res) => res.end('x'.repeat(100)));
    const transport = new HttpTransport({
      token: 't',
      timeoutMs: 5_000,
      userAgent: 'test',
      beforeRequest: undefined,
      maxBodyBytes: 10,
    });
    await expect(transport.get(new URL(`${api.url}/v1/people`), REQUEST)).rejects.toMatchObject({
      name: 'ApiFatalError',
      message: `${REQUEST}: HTTP 200 with a body over 10 bytes`,
    });
    await transport.close();
    await api.close();
  });
});
