import {
  createPaginator,
  createStallDetector,
  type PagePosition,
  type PageRequest,
  pageRequestUrl,
  type ReadPage,
  type RequestInputs,
} from '../../../connectors/dialect/pagination';
import { BASE_URL, type FakeDialectApi, LIST_PATH } from './fake-dialect-apis';

export interface WalkedPage extends ReadPage {
  readonly request: PageRequest;
  readonly url: URL;
}

/** Most pages a walk fetches: a paginator that never ends fails the test instead of hanging it. */
const MAX_PAGES = 50;

/**
 * Walks a fake API from `start` (the first page when null) to the last page, the way a sync does:
 * request, fetch, read, check the position advanced, next request.
 */
export function walkPages(
  api: FakeDialectApi,
  inputs: RequestInputs,
  start: PagePosition | null = null,
): WalkedPage[] {
  const paginator = createPaginator(api.declaration);
  const stalls = createStallDetector(`GET ${LIST_PATH}`);
  stalls.visit(start);
  let request = start === null ? paginator.firstRequest(inputs) : paginator.nextRequest(start, inputs);
  const pages: WalkedPage[] = [];
  while (pages.length < MAX_PAGES) {
    const url = pageRequestUrl(BASE_URL, LIST_PATH, request);
    const { json, headers } = api.respond(url);
    const page = paginator.readPage(request, {
      json,
      headers: headers ?? {},
      status: 200,
      url,
      baseUrl: BASE_URL,
    });
    pages.push({ ...page, request, url });
    stalls.visit(page.next);
    if (page.next === null) return pages;
    request = paginator.nextRequest(page.next, inputs);
  }
  throw new Error(`${api.name}: no last page after ${MAX_PAGES} pages`);
}

/** The ids of every record of the pages, in order. */
export const recordIds = (pages: readonly ReadPage[]): string[] =>
  pages.flatMap((page) => page.records.map((record) => (record as { id: string }).id));
