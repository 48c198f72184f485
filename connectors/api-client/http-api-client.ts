import { configurationError, describeRequest, endpointUrl, parseBaseUrl } from './api-urls';
import { getEnvelopeSchema, idListingEnvelopeSchema, parseEnvelope } from './envelopes';
import { ApiFatalError } from './errors';
import { type HttpResponse, HttpTransport } from './http-transport';
import { expectedStyle, listPageUrl, readListPage, sameCursor, type StyleSetting } from './list-pagination';
import { errorForStatus, parseJsonBody, type RequestKind } from './response-errors';
import {
  type ApiClient,
  type ApiClientOptions,
  type FetchedPage,
  type IdListingPage,
  type IdListingRequest,
  type ListPageRequest,
  PAGINATION_STYLES,
  type RawPage,
} from './types';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_USER_AGENT = 'sync-engine-api-client';
/** Far above a 500-record page; only a broken or hostile server sends more. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * The API client of one organization (one instance per credentials). It keeps no state between
 * calls besides its kept-alive connections: every position is in the cursors it returns.
 *
 * @example
 * const client = createApiClient({ baseUrl: 'http://127.0.0.1:4010', token });
 * for await (const page of client.paginate({ path: '/v1/people', limit: 500, updatedSince })) {
 *   // store page.records, then page.next as the sync cursor
 * }
 * await client.close();
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const base = parseBaseUrl(options.baseUrl);
  const style = checkedStyle(options.paginationStyle);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw configurationError('The API timeout must be a positive number of milliseconds');
  }
  const transport = new HttpTransport({
    token: options.token,
    timeoutMs,
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    beforeRequest: options.beforeRequest,
    maxBodyBytes: MAX_BODY_BYTES,
  });

  /** One GET whose 2xx body is JSON; any other status becomes its ApiError. */
  async function getJson(
    url: URL,
    kind: RequestKind,
    request: string,
  ): Promise<{ json: unknown; response: HttpResponse }> {
    const response = await transport.get(url, request);
    if (response.status < 200 || response.status > 299) {
      throw errorForStatus(response, kind, request, options.token);
    }
    return { json: parseJsonBody(response, request), response };
  }

  async function listPage(request: ListPageRequest): Promise<RawPage> {
    const url = listPageUrl(base, request);
    const description = describeRequest(url);
    const expected = expectedStyle(style, request.cursor, description);
    const { json, response } = await getJson(url, 'list', description);
    return readListPage(json, response, url, base, expected, description);
  }

  async function* paginate(request: ListPageRequest): AsyncGenerator<FetchedPage> {
    let cursor = request.cursor;
    for (;;) {
      const page = await listPage({ ...request, cursor });
      if (sameCursor(cursor, page.next)) {
        throw stalled(request.path, 'the list returned the same cursor again');
      }
      yield { ...page, cursor };
      if (page.next === null) return;
      cursor = page.next;
    }
  }

  async function getRecord(path: string, id: string): Promise<unknown> {
    const encoded = encodeURIComponent(id);
    const url = endpointUrl(
      base,
      path.includes('{id}') ? path.replace('{id}', encoded) : `${path}/${encoded}`,
      {},
    );
    const request = describeRequest(url);
    const { json, response } = await getJson(url, 'get', request);
    parseEnvelope(getEnvelopeSchema, json, 'record envelope', response.status, request);
    // The record as sent (zod's parse would copy it): it is validated against its entity later.
    return (json as { data: unknown }).data;
  }

  async function listIds(request: IdListingRequest): Promise<IdListingPage> {
    const url = endpointUrl(base, request.path, { after: request.after, limit: String(request.limit) });
    const description = describeRequest(url);
    const { json, response } = await getJson(url, 'list', description);
    const body = parseEnvelope(
      idListingEnvelopeSchema,
      json,
      'ID listing envelope',
      response.status,
      description,
    );
    return {
      entries: body.data.map((entry) => ({ id: entry.id, updatedAt: entry.updated_at })),
      nextAfter: body.next_after,
    };
  }

  async function* paginateIds(request: IdListingRequest): AsyncGenerator<IdListingPage> {
    let after = request.after;
    for (;;) {
      const page = await listIds({ ...request, after });
      if (page.nextAfter !== null && page.nextAfter === after) {
        throw stalled(request.path, 'the ID listing did not advance');
      }
      yield page;
      if (page.nextAfter === null) return;
      after = page.nextAfter;
    }
  }

  return { listPage, paginate, getRecord, listIds, paginateIds, close: () => transport.close() };
}

/** A paginator that would fetch the same page forever. */
function stalled(path: string, problem: string): ApiFatalError {
  const request = `GET ${path}`;
  return new ApiFatalError(`${request}: ${problem}`, 200, request);
}

function checkedStyle(style: ApiClientOptions['paginationStyle']): StyleSetting {
  if (style === undefined || style === 'auto') return 'auto';
  if ((PAGINATION_STYLES as readonly string[]).includes(style)) return style;
  throw configurationError('Unknown pagination style');
}
