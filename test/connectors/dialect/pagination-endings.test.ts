import { createPaginator } from '../../../connectors/dialect/pagination';
import { tiedRecords } from '../api-client/fake-list-api';
import {
  BASE_URL,
  jiraApi,
  LIST_PATH,
  pageNumberApi,
  stripeApi,
  zendeskIncrementalApi,
} from './fake-dialect-apis';
import { walkPages } from './walk-pages';

const url = new URL(LIST_PATH, BASE_URL);
const response = (json: unknown) => ({ json, headers: {}, status: 200, url, baseUrl: BASE_URL });

describe('where a list ends', () => {
  it('body cursor: a cursor sent with end_of_stream: true ends the list', () => {
    const { declaration } = zendeskIncrementalApi();
    const paginator = createPaginator(declaration);
    const request = paginator.firstRequest({ pageSize: 3 });
    const last = { tickets: [{ id: 'a' }], after_cursor: 'MTU4', end_of_stream: true };
    expect(paginator.readPage(request, response(last)).next).toBeNull();
    const more = { ...last, end_of_stream: false };
    expect(paginator.readPage(request, response(more)).next).toEqual({ style: 'body-cursor', token: 'MTU4' });
  });

  it('body cursor: a null or empty cursor ends the list', () => {
    const paginator = createPaginator(zendeskIncrementalApi().declaration);
    const request = paginator.firstRequest({ pageSize: 3 });
    for (const after_cursor of [null, '', undefined]) {
      expect(paginator.readPage(request, response({ tickets: [], after_cursor })).next).toBeNull();
    }
  });

  it('offset without a total: ends on a short page without asking for another', () => {
    const pages = walkPages(jiraApi(tiedRecords(), { withTotal: false }), { pageSize: 3 });
    expect(pages.map((page) => page.records.length)).toEqual([3, 3, 3, 2]);
    expect(pages.map((page) => page.url.searchParams.get('startAt'))).toEqual(['0', '3', '6', '9']);
  });

  it('offset without a total: a full last page is followed by one empty page', () => {
    const pages = walkPages(jiraApi(tiedRecords().slice(0, 9), { withTotal: false }), { pageSize: 3 });
    expect(pages.map((page) => page.records.length)).toEqual([3, 3, 3, 0]);
  });

  it('offset with a total: ends at offset >= total, without an empty page', () => {
    const pages = walkPages(jiraApi(tiedRecords().slice(0, 9)), { pageSize: 3 });
    expect(pages.map((page) => page.records.length)).toEqual([3, 3, 3]);
  });

  it('offset with a total: a server that serves fewer than asked does not end the list early', () => {
    const api = jiraApi(tiedRecords(), { cap: 2 });
    const pages = walkPages(api, { pageSize: 5 });
    expect(pages.map((page) => page.records.length)).toEqual([2, 2, 2, 2, 2, 1]);
    expect(pages.flatMap((page) => page.records)).toEqual(api.records);
  });

  it('after last id: the next request starts after the last record’s id; has_more: false ends', () => {
    const pages = walkPages(stripeApi(), { pageSize: 4 });
    expect(pages.map((page) => page.url.searchParams.get('starting_after'))).toEqual([
      null,
      'rec_04',
      'rec_08',
    ]);
    expect(pages[2]?.records).toHaveLength(3);
  });

  it('after last id: an id sent as a number is kept as text', () => {
    const paginator = createPaginator(stripeApi().declaration);
    const request = paginator.firstRequest({ pageSize: 1 });
    const page = paginator.readPage(request, response({ data: [{ id: 42 }], has_more: true }));
    expect(page.next).toEqual({ style: 'after-last-id', lastId: '42' });
  });

  it('page number: ends on the last of the total pages, on has_more: false, or on an empty page', () => {
    expect(walkPages(pageNumberApi(), { pageSize: 4 }).map((page) => page.records.length)).toEqual([4, 4, 3]);
    const byFlag = createPaginator({
      style: 'page-number',
      recordsPath: 'items',
      pageSize: { parameter: 'per_page', max: 10 },
      pageParameter: 'page',
      firstPage: 0,
      hasMorePath: 'has_more',
    });
    const first = byFlag.firstRequest({ pageSize: 2 });
    expect(first.kind === 'query' && first.query['page']).toBe('0');
    expect(byFlag.readPage(first, response({ items: [1, 2], has_more: true })).next).toEqual({
      style: 'page-number',
      page: 1,
    });
    expect(byFlag.readPage(first, response({ items: [1, 2], has_more: false })).next).toBeNull();
    expect(byFlag.readPage(first, response({ items: [], has_more: true })).next).toBeNull();
  });
});

describe('page size', () => {
  it('is capped at the declared maximum', () => {
    const paginator = createPaginator(stripeApi().declaration);
    const request = paginator.firstRequest({ pageSize: 500 });
    expect(request.pageSize).toBe(100);
    expect(request.kind === 'query' && request.query['limit']).toBe('100');
  });

  it('is the declared size, not sent, when the API has a fixed page size', () => {
    const paginator = createPaginator({
      style: 'offset',
      recordsPath: 'issues',
      pageSize: { max: 25 },
      offsetParameter: 'startAt',
    });
    const request = paginator.firstRequest({ pageSize: 100 });
    expect(request).toMatchObject({ pageSize: 25, query: { startAt: '0' } });
    expect(request.kind === 'query' && Object.keys(request.query)).toEqual(['startAt']);
  });
});
