import { endpointUrl, sameOriginUrl } from './api-urls';
import { type ListEnvelope, listEnvelopeSchema, parseEnvelope, wrongShape } from './envelopes';
import { ApiFatalError } from './errors';
import { type HttpResponse } from './http-transport';
import { findNextLink } from './link-header';
import { type ListPageRequest, type PageCursor, type PaginationStyle, type RawPage } from './types';

export type StyleSetting = PaginationStyle | 'auto';

/**
 * The style a list request is read in: the configured one, else the stored cursor's, else
 * `auto` (recognised from the response).
 */
export function expectedStyle(
  setting: StyleSetting,
  cursor: PageCursor | undefined,
  request: string,
): StyleSetting {
  if (cursor && setting !== 'auto' && cursor.style !== setting) {
    throw new ApiFatalError(
      `${request}: a ${cursor.style} cursor cannot resume an API configured for ${setting} pagination`,
      undefined,
      request,
    );
  }
  return cursor?.style ?? setting;
}

/**
 * The URL of a list page. A link cursor is the absolute URL the API gave (it carries every
 * parameter, so `updatedSince` and `limit` are not added again); the others are the list path with
 * `limit`, `updated_since` and `cursor` or `page`.
 */
export function listPageUrl(base: URL, request: ListPageRequest): URL {
  const { cursor } = request;
  if (cursor?.style === 'link') return sameOriginUrl(cursor.url, base, base, `GET ${request.path}`);
  return endpointUrl(base, request.path, {
    limit: String(request.limit),
    updated_since: request.updatedSince,
    cursor: cursor?.style === 'cursor' ? cursor.token : undefined,
    page: cursor?.style === 'page' ? String(cursor.page) : undefined,
  });
}

/**
 * Reads a list page's records and the cursor of the page after it. The style the response shows
 * must be the one expected: an org that switched styles mid-sync must fail loudly, not end early.
 */
export function readListPage(
  json: unknown,
  response: HttpResponse,
  url: URL,
  base: URL,
  expected: StyleSetting,
  request: string,
): RawPage {
  const body = parseEnvelope(listEnvelopeSchema, json, 'list envelope', response.status, request);
  const link = findNextLink(response.headers['link']);
  const shown = shownStyle(body, link);
  if (expected !== 'auto' && shown !== expected && !(expected === 'link' && shown === undefined)) {
    const found = shown ? `${shown} pagination` : 'no pagination fields';
    throw wrongShape(`expected ${expected} pagination, found ${found}`, response.status, request);
  }
  return { records: body.data, next: nextCursor(shown, body, link, url, base, response.status, request) };
}

/**
 * Which style a response is in: `next_cursor` in the body, `page`/`has_more` in the body, or a
 * `rel="next"` Link (a link-style last page shows nothing, and is read as "no more pages").
 */
function shownStyle(body: ListEnvelope, link: string | undefined): PaginationStyle | undefined {
  if (body.next_cursor !== undefined) return 'cursor';
  if (body.has_more !== undefined || body.page !== undefined) return 'page';
  return link === undefined ? undefined : 'link';
}

function nextCursor(
  style: PaginationStyle | undefined,
  body: ListEnvelope,
  link: string | undefined,
  url: URL,
  base: URL,
  status: number,
  request: string,
): PageCursor | null {
  switch (style) {
    case 'cursor':
      return body.next_cursor ? { style: 'cursor', token: body.next_cursor } : null;
    case 'page':
      if (body.page === undefined || body.has_more === undefined) {
        throw wrongShape('page pagination needs both page and has_more', status, request);
      }
      return body.has_more ? { style: 'page', page: body.page + 1 } : null;
    case 'link':
      return link === undefined
        ? null
        : { style: 'link', url: sameOriginUrl(link, url, base, request, status).href };
    case undefined:
      return null;
  }
}

/** Whether two cursors point at the same page (an API that repeats a cursor would loop forever). */
export function sameCursor(a: PageCursor | undefined, b: PageCursor | null): boolean {
  if (!a || !b || a.style !== b.style) return false;
  switch (a.style) {
    case 'cursor':
      return b.style === 'cursor' && a.token === b.token;
    case 'page':
      return b.style === 'page' && a.page === b.page;
    case 'link':
      return b.style === 'link' && a.url === b.url;
  }
}
