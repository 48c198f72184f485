import { setImmediate as nextLoopTurn } from 'node:timers/promises';
import { Agent, request as undiciRequest } from 'undici';
import { type ApiError, ApiFatalError, ApiRetryableError, isApiError } from './errors';

export type ResponseHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** A response read to the end. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: ResponseHeaders;
  readonly body: string;
}

export interface HttpTransportOptions {
  readonly token: string;
  readonly timeoutMs: number;
  readonly userAgent: string;
  readonly beforeRequest: (() => Promise<void>) | undefined;
  /** Bodies larger than this are refused: a runaway response must not exhaust the worker's memory. */
  readonly maxBodyBytes: number;
}

/** How long an idle connection is kept for the next request (the server's keep-alive hint wins if shorter). */
const KEEP_ALIVE_MS = 30_000;
/** Connections per client; more concurrent requests queue (their timeout runs while they wait). */
const MAX_CONNECTIONS = 16;

/** Socket-level failures: the connection broke or never formed; the same request may well succeed. */
const NETWORK_CODES = new Set([
  'UND_ERR_SOCKET',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
]);
const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
]);
/** Our own misuse (a closed client, a bad argument): retrying the same call cannot help. */
const FATAL_CODES = new Set([
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
  'UND_ERR_INVALID_ARG',
  'UND_ERR_NOT_SUPPORTED',
]);

/**
 * GET requests over kept-alive connections of one undici Agent, each bounded by a timeout that
 * covers connecting, the headers and the whole body. Failures before a status arrives are
 * ApiErrors; statuses are the caller's to classify.
 */
export class HttpTransport {
  private readonly agent: Agent;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: HttpTransportOptions) {
    this.agent = new Agent({
      keepAliveTimeout: KEEP_ALIVE_MS,
      keepAliveMaxTimeout: KEEP_ALIVE_MS,
      connections: MAX_CONNECTIONS,
      // Backstops only: the per-request deadline below fires first.
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  /** `request` names the call in errors: method and path, never the query string. */
  async get(url: URL, request: string): Promise<HttpResponse> {
    if (this.closing) throw new ApiFatalError(`${request}: the API client is closed`, undefined, request);
    await this.options.beforeRequest?.();
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.options.timeoutMs);
    try {
      const response = await undiciRequest(url, {
        dispatcher: this.agent,
        method: 'GET',
        headers: {
          authorization: `Bearer ${this.options.token}`,
          accept: 'application/json',
          'user-agent': this.options.userAgent,
        },
        signal: deadline.signal,
      });
      const body = await readBody(response.body, this.options.maxBodyBytes, request, response.statusCode);
      // undici frees a kept-alive socket one event-loop turn after the response ends; a request
      // sent sooner would open a second connection, and sequential pages would alternate two.
      await nextLoopTurn();
      return { status: response.statusCode, headers: response.headers, body };
    } catch (err) {
      throw transportError(err, request, deadline.signal.aborted ? this.options.timeoutMs : undefined);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the kept-alive connections once in-flight requests end. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.agent.close();
    return this.closing;
  }
}

async function readBody(
  body: AsyncIterable<Buffer>,
  maxBytes: number,
  request: string,
  status: number,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    // Leaving the loop destroys the stream (and its connection): nothing more is read.
    if (size > maxBytes) {
      throw new ApiFatalError(
        `${request}: HTTP ${status} with a body over ${maxBytes} bytes`,
        status,
        request,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Classifies a failure of the exchange itself. Only the error's code is kept: messages of lower
 * layers may name the URL, and the URL may carry a query string.
 */
export function transportError(err: unknown, request: string, timedOutAfterMs: number | undefined): ApiError {
  if (isApiError(err)) return err;
  const code = errorCode(err);
  if (timedOutAfterMs !== undefined) {
    return new ApiRetryableError(
      `${request}: timed out after ${timedOutAfterMs} ms`,
      undefined,
      request,
      'timeout',
    );
  }
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    return new ApiRetryableError(`${request}: timed out (${code})`, undefined, request, 'timeout');
  }
  if (code !== undefined && FATAL_CODES.has(code)) {
    return new ApiFatalError(`${request}: request failed (${code})`, undefined, request);
  }
  // Unknown codes are mostly protocol breakage (a response cut mid-header, a parser error) that a
  // later attempt survives; the retry policy bounds them if they are not.
  const known = code !== undefined && NETWORK_CODES.has(code) ? code : `${code ?? 'no code'}, unclassified`;
  return new ApiRetryableError(`${request}: network error (${known})`, undefined, request, 'network');
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, cause } = err as { code?: unknown; cause?: unknown };
  // undici wraps the socket's own error (ECONNRESET…) as the cause of its UND_ERR_SOCKET.
  if (code === 'UND_ERR_SOCKET' && typeof cause === 'object' && cause !== null) {
    const inner = (cause as { code?: unknown }).code;
    if (typeof inner === 'string' && NETWORK_CODES.has(inner)) return inner;
  }
  return typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? code : undefined;
}
