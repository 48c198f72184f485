import { type ResponseHeaders } from '../../../connectors/api-client/http-transport';
import { type PaginationDeclaration } from '../../../connectors/dialect/pagination';
import { type FakeRecord, tiedRecords } from '../api-client/fake-list-api';

export const BASE_URL = new URL('https://api.example.test');
export const LIST_PATH = '/v1/things';

export interface FakeResponse {
  readonly json: unknown;
  readonly headers?: ResponseHeaders;
}

/** An in-memory API of one dialect: a declaration and a function from request URL to response. */
export interface FakeDialectApi {
  /** Which real API's shape it models. */
  readonly name: string;
  readonly declaration: PaginationDeclaration;
  readonly records: readonly FakeRecord[];
  respond(url: URL): FakeResponse;
}

/** The records the delta filter `updated_since` (inclusive) keeps, in list order. */
function live(records: readonly FakeRecord[], url: URL): FakeRecord[] {
  const since = url.searchParams.get('updated_since');
  return records.filter((record) => since === null || record.updated_at >= since);
}

const numberParam = (url: URL, name: string, fallback: number): number =>
  Number(url.searchParams.get(name) ?? fallback);

/** Opaque cursors, as real APIs give: the index of the next record, encoded. */
const encodeCursor = (index: number): string => Buffer.from(`idx:${index}`).toString('base64url');
const decodeCursor = (cursor: string | null): number =>
  cursor === null ? 0 : Number(Buffer.from(cursor, 'base64url').toString().slice('idx:'.length));

/** HubSpot CRM: `{results, paging: {next: {after}}}`, `paging` left out on the last page. */
export function hubspotApi(records: readonly FakeRecord[] = tiedRecords()): FakeDialectApi {
  return {
    name: 'HubSpot',
    records,
    declaration: {
      style: 'body-cursor',
      recordsPath: 'results',
      pageSize: { parameter: 'limit', max: 100 },
      nextCursorPath: 'paging.next.after',
      cursorParameter: 'after',
    },
    respond(url) {
      const all = live(records, url);
      const from = decodeCursor(url.searchParams.get('after'));
      const to = from + numberParam(url, 'limit', 10);
      const paging = to < all.length ? { paging: { next: { after: encodeCursor(to) } } } : {};
      return { json: { results: all.slice(from, to), ...paging } };
    },
  };
}

/** Zendesk incremental cursor export: a cursor on every page, `end_of_stream: true` on the last. */
export function zendeskIncrementalApi(records: readonly FakeRecord[] = tiedRecords()): FakeDialectApi {
  return {
    name: 'Zendesk incremental',
    records,
    declaration: {
      style: 'body-cursor',
      recordsPath: 'tickets',
      pageSize: { parameter: 'per_page', max: 1000 },
      nextCursorPath: 'after_cursor',
      cursorParameter: 'cursor',
      endWhen: { path: 'end_of_stream', equals: true },
    },
    respond(url) {
      const all = live(records, url);
      const from = decodeCursor(url.searchParams.get('cursor'));
      const to = Math.min(from + numberParam(url, 'per_page', 1000), all.length);
      return {
        json: {
          tickets: all.slice(from, to),
          after_cursor: encodeCursor(to),
          end_of_stream: to >= all.length,
        },
      };
    },
  };
}

/** Zendesk offset lists: `{tickets, next_page}`, a relative URL here, null on the last page. */
export function zendeskNextPageApi(records: readonly FakeRecord[] = tiedRecords()): FakeDialectApi {
  return {
    name: 'Zendesk next_page',
    records,
    declaration: {
      style: 'next-url',
      recordsPath: 'tickets',
      pageSize: { parameter: 'per_page', max: 100 },
      fixedParameters: { sort_by: 'updated_at' },
      nextUrlPath: 'next_page',
    },
    respond(url) {
      const all = live(records, url);
      const page = numberParam(url, 'page', 1);
      const size = numberParam(url, 'per_page', 100);
      const next = new URL(url);
      next.searchParams.set('page', String(page + 1));
      const more = page * size < all.length;
      return {
        json: {
          tickets: all.slice((page - 1) * size, page * size),
          next_page: more ? `${next.pathname}${next.search}` : null,
        },
      };
    },
  };
}

/** GitHub: a top-level array and `Link: <…>; rel="next"`. */
export function githubApi(records: readonly FakeRecord[] = tiedRecords()): FakeDialectApi {
  return {
    name: 'GitHub',
    records,
    declaration: {
      style: 'link-header',
      recordsPath: '$',
      pageSize: { parameter: 'per_page', max: 100 },
      fixedParameters: { sort: 'updated', direction: 'asc' },
    },
    respond(url) {
      const all = live(records, url);
      const page = numberParam(url, 'page', 1);
      const size = numberParam(url, 'per_page', 30);
      const link = (rel: string, target: number): string => {
        const to = new URL(url);
        to.searchParams.set('page', String(target));
        return `<${to.href}>; rel="${rel}"`;
      };
      const links = [link('first', 1), ...(page * size < all.length ? [link('next', page + 1)] : [])];
      return { json: all.slice((page - 1) * size, page * size), headers: { link: links.join(', ') } };
    },
  };
}

/** Stripe: `{object: 'list', data, has_more}`, the next page `starting_after` the last id. */
export function stripeApi(records: readonly FakeRecord[] = tiedRecords()): FakeDialectApi {
  return {
    name: 'Stripe',
    records,
    declaration: {
      style: 'after-last-id',
      recordsPath: 'data',
      pageSize: { parameter: 'limit', max: 100 },
      parameter: 'starting_after',
      idPath: 'id',
      hasMorePath: 'has_more',
    },
    respond(url) {
      const all = live(records, url);
      const after = url.searchParams.get('starting_after');
      const from = after === null ? 0 : all.findIndex((record) => record.id === after) + 1;
      const to = from + numberParam(url, 'limit', 10);
      return { json: { object: 'list', data: all.slice(from, to), has_more: to < all.length } };
    },
  };
}

/** Jira: `{issues, startAt, maxResults, total}`; `cap` models a server that serves fewer than asked. */
export function jiraApi(
  records: readonly FakeRecord[] = tiedRecords(),
  options: { readonly withTotal?: boolean; readonly cap?: number } = {},
): FakeDialectApi {
  const withTotal = options.withTotal ?? true;
  return {
    name: withTotal ? 'Jira' : 'Jira without total',
    records,
    declaration: {
      style: 'offset',
      recordsPath: 'issues',
      pageSize: { parameter: 'maxResults', max: 100 },
      offsetParameter: 'startAt',
      ...(withTotal ? { totalPath: 'total' } : {}),
    },
    respond(url) {
      const all = live(records, url);
      const startAt = numberParam(url, 'startAt', 0);
      const maxResults = Math.min(numberParam(url, 'maxResults', 50), options.cap ?? Infinity);
      const issues = all.slice(startAt, startAt + maxResults);
      return { json: { startAt, maxResults, ...(withTotal ? { total: all.length } : {}), issues } };
    },
  };
}

/** A plain page-number API: `{items, meta: {page, total_pages}}`. */
export function pageNumberApi(records: readonly FakeRecord[] = tiedRecords()): FakeDialectApi {
  return {
    name: 'page numbers',
    records,
    declaration: {
      style: 'page-number',
      recordsPath: 'items',
      pageSize: { parameter: 'per_page', max: 50 },
      pageParameter: 'page',
      totalPagesPath: 'meta.total_pages',
    },
    respond(url) {
      const all = live(records, url);
      const page = numberParam(url, 'page', 1);
      const size = numberParam(url, 'per_page', 50);
      const meta = { page, total_pages: Math.ceil(all.length / size) };
      return { json: { items: all.slice((page - 1) * size, page * size), meta } };
    },
  };
}

/** An unpaginated list: `{data}` with everything. */
export function singlePageApi(records: readonly FakeRecord[] = tiedRecords()): FakeDialectApi {
  return {
    name: 'one page',
    records,
    declaration: { style: 'none', recordsPath: 'data', pageSize: { max: 1000 } },
    respond: (url) => ({ json: { data: live(records, url) } }),
  };
}

/** Every multi-page dialect, for the tests every style must pass. */
export const MULTI_PAGE_APIS: readonly (() => FakeDialectApi)[] = [
  hubspotApi,
  zendeskIncrementalApi,
  zendeskNextPageApi,
  githubApi,
  stripeApi,
  () => jiraApi(),
  () => jiraApi(tiedRecords(), { withTotal: false }),
  pageNumberApi,
];
