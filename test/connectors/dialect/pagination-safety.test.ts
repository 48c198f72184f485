import {
  createPaginator,
  createStallDetector,
  type PagePosition,
  pageRequestUrl,
} from '../../../connectors/dialect/pagination';
import {
  BASE_URL,
  type FakeDialectApi,
  githubApi,
  hubspotApi,
  LIST_PATH,
  stripeApi,
  zendeskNextPageApi,
} from './fake-dialect-apis';
import { walkPages } from './walk-pages';

const url = new URL(`${LIST_PATH}?page=1`, BASE_URL);
const response = (json: unknown, headers: Record<string, string> = {}) => ({
  json,
  headers,
  status: 200,
  url,
  baseUrl: BASE_URL,
});
const fatal = (message: RegExp | string) => ({
  name: 'ApiFatalError',
  kind: 'fatal',
  message: expect.stringMatching(message),
});

/** The API, but answering every request with `json` (and `headers`). */
const answering = (api: FakeDialectApi, json: unknown, headers?: Record<string, string>): FakeDialectApi => ({
  ...api,
  respond: () => ({ json, ...(headers ? { headers } : {}) }),
});

describe('next URLs stay on the API’s origin', () => {
  it('refuses a next URL in the body to another origin', () => {
    const paginator = createPaginator(zendeskNextPageApi().declaration);
    const request = paginator.firstRequest({ pageSize: 3 });
    const body = { tickets: [], next_page: 'https://evil.example/v1/things?page=2' };
    expect(() => paginator.readPage(request, response(body))).toThrow(
      expect.objectContaining(fatal(/another origin \(https:\/\/evil\.example\)/)),
    );
  });

  it('refuses a Link header to another origin, also one on another port or scheme', () => {
    const paginator = createPaginator(githubApi().declaration);
    const request = paginator.firstRequest({ pageSize: 3 });
    for (const target of [
      'https://evil.example/x',
      'https://api.example.test:8443/x',
      'http://api.example.test/x',
    ]) {
      const headers = { Link: `<${target}>; rel="next"` };
      expect(() => paginator.readPage(request, response([], headers))).toThrow(
        expect.objectContaining(fatal('another origin')),
      );
    }
  });

  it('resolves a relative next URL against the page that carried it', () => {
    const paginator = createPaginator(zendeskNextPageApi().declaration);
    const request = paginator.firstRequest({ pageSize: 3 });
    const page = paginator.readPage(request, response({ tickets: [1], next_page: '?page=2' }));
    expect(page.next).toEqual({ style: 'next-url', url: `${BASE_URL.origin}${LIST_PATH}?page=2` });
  });

  it('refuses a stored URL position to another origin before anything is sent', () => {
    const paginator = createPaginator(githubApi().declaration);
    const stored: PagePosition = { style: 'link-header', url: 'https://evil.example/v1/things?page=2' };
    const request = paginator.nextRequest(stored, { pageSize: 3 });
    expect(() => pageRequestUrl(BASE_URL, LIST_PATH, request)).toThrow(
      expect.objectContaining(fatal('another origin')),
    );
  });

  it('sends nothing but the URL the API gave for a URL position', () => {
    const paginator = createPaginator(githubApi().declaration);
    const stored: PagePosition = { style: 'link-header', url: `${BASE_URL.origin}/v1/things?page=3` };
    const request = paginator.nextRequest(stored, { pageSize: 3, query: { updated_since: 'x' } });
    expect(pageRequestUrl(BASE_URL, LIST_PATH, request).href).toBe(stored.url);
  });
});

describe('a paginator that does not advance', () => {
  it('fails when the API repeats its cursor instead of looping forever', () => {
    const api = answering(hubspotApi(), { results: [{ id: 'a' }], paging: { next: { after: 'same' } } });
    expect(() => walkPages(api, { pageSize: 1 })).toThrow(
      expect.objectContaining(fatal('same body-cursor position again')),
    );
  });

  it('fails on a cycle through other positions, and does not quote the position', () => {
    const stalls = createStallDetector('GET /v1/things');
    stalls.visit({ style: 'after-last-id', lastId: 'cus_secret_a' });
    stalls.visit({ style: 'after-last-id', lastId: 'cus_secret_b' });
    stalls.visit(null);
    let thrown: unknown;
    try {
      stalls.visit({ style: 'after-last-id', lastId: 'cus_secret_a' });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ name: 'ApiFatalError', request: 'GET /v1/things' });
    expect(String(thrown)).not.toContain('cus_secret');
  });

  it('fails when a resumed walk is handed back its starting position', () => {
    const api = answering(stripeApi(), { data: [{ id: 'rec_03' }], has_more: true });
    expect(() => walkPages(api, { pageSize: 1 }, { style: 'after-last-id', lastId: 'rec_03' })).toThrow(
      expect.objectContaining(fatal('same after-last-id position')),
    );
  });
});

describe('a body of the wrong shape', () => {
  it('is fatal when the records are missing or not an array, naming the path and type, not the values', () => {
    const paginator = createPaginator(hubspotApi().declaration);
    const request = paginator.firstRequest({ pageSize: 3 });
    for (const [body, found] of [
      [{ data: [] }, 'undefined'],
      [{ results: { email: 'ada@example.com' } }, 'object'],
    ] as const) {
      let thrown: unknown;
      try {
        paginator.readPage(request, response(body));
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toMatchObject({ ...fatal(`expected an array at results, found ${found}`), status: 200 });
      expect(String(thrown)).not.toContain('ada@');
    }
  });

  it('is fatal when the cursor has the wrong type, or a segment on its path is not an object', () => {
    const paginator = createPaginator(hubspotApi().declaration);
    const request = paginator.firstRequest({ pageSize: 3 });
    expect(() =>
      paginator.readPage(request, response({ results: [], paging: { next: { after: {} } } })),
    ).toThrow(
      expect.objectContaining(fatal('expected a string or a number at paging.next.after, found object')),
    );
    expect(() => paginator.readPage(request, response({ results: [], paging: 'x' }))).toThrow(
      expect.objectContaining(fatal('expected an object at paging, found string')),
    );
  });

  it('is fatal when the last record has no id to start after', () => {
    const paginator = createPaginator(stripeApi().declaration);
    const request = paginator.firstRequest({ pageSize: 1 });
    expect(() => paginator.readPage(request, response({ data: [{ name: 'x' }], has_more: true }))).toThrow(
      expect.objectContaining(fatal('the last record: expected a string or a number at id, found undefined')),
    );
  });
});

describe('requests the paginator refuses to build', () => {
  it('a position of another style', () => {
    const paginator = createPaginator(stripeApi().declaration);
    expect(() => paginator.nextRequest({ style: 'offset', offset: 3 }, { pageSize: 3 })).toThrow(
      expect.objectContaining(
        fatal('A position of style offset cannot resume a list declared with after-last-id'),
      ),
    );
  });

  it('a caller parameter the paginator sets itself, or a page size that is not a positive integer', () => {
    const paginator = createPaginator(stripeApi().declaration);
    expect(() => paginator.firstRequest({ pageSize: 3, query: { starting_after: 'x' } })).toThrow(
      expect.objectContaining(fatal('starting_after is set by the paginator')),
    );
    expect(() => paginator.firstRequest({ pageSize: 0 })).toThrow(
      expect.objectContaining(fatal('positive integer')),
    );
  });
});
