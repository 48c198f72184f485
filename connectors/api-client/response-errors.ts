import { errorEnvelopeSchema } from './envelopes';
import {
  ApiAuthError,
  type ApiError,
  ApiFatalError,
  ApiNotFoundError,
  ApiRateLimitedError,
  ApiRetryableError,
} from './errors';
import { parseRetryAfter } from './retry-after';
import { type HttpResponse } from './http-transport';

/** Longest piece of server text (error code or message) put into an error message. */
const MAX_SERVER_TEXT = 200;
/** Tokens at least this long are cut out of server text; shorter ones make the text withheld. */
const MIN_REDACTABLE_TOKEN = 8;

/** What the request was for: a 404 means "no such record" only for a single-record request. */
export type RequestKind = 'get' | 'list';

/**
 * The error for a non-2xx response, by what the caller should do about it. The server's error code
 * and message are quoted (capped, with control characters and the token removed): the API's
 * messages name parameters, never record values.
 */
export function errorForStatus(
  response: HttpResponse,
  kind: RequestKind,
  request: string,
  token: string,
): ApiError {
  const { status } = response;
  const detail = serverDetail(response.body, token);
  const message = `${request}: HTTP ${status}${detail ? ` (${detail})` : ''}`;
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
    return new ApiRateLimitedError(`${message}, retry after ${retryAfterMs} ms`, request, retryAfterMs);
  }
  if (status === 401 || status === 403) return new ApiAuthError(message, status, request);
  if (status === 404 && kind === 'get') return new ApiNotFoundError(message, status, request);
  if (status >= 500) return new ApiRetryableError(message, status, request, 'http-5xx');
  return new ApiFatalError(message, status, request);
}

/**
 * Parses a body that should be JSON. A body that does not parse was most likely cut short (servers
 * truncate under load), so it is retryable. The parser's message is not kept: it quotes the body.
 */
export function parseJsonBody(response: HttpResponse, request: string): unknown {
  try {
    return JSON.parse(response.body) as unknown;
  } catch {
    const bytes = Buffer.byteLength(response.body);
    throw new ApiRetryableError(
      `${request}: HTTP ${response.status} with a body that is not valid JSON (${bytes} bytes)`,
      response.status,
      request,
      'malformed-body',
    );
  }
}

function serverDetail(body: string, token: string): string {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return '';
  }
  const parsed = errorEnvelopeSchema.safeParse(json);
  if (!parsed.success) return '';
  const { code, message } = parsed.data.error;
  return [code, message]
    .filter((text): text is string => Boolean(text))
    .map((text) => sanitize(text, token))
    .join(': ');
}

function sanitize(text: string, token: string): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  let clean = text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  if (token && clean.includes(token)) {
    // A short token would also match ordinary words: drop the text rather than garble it.
    if (token.length < MIN_REDACTABLE_TOKEN) return '[withheld]';
    clean = clean.split(token).join('[redacted]');
  }
  return clean.length > MAX_SERVER_TEXT ? `${clean.slice(0, MAX_SERVER_TEXT - 1)}…` : clean;
}
