import { type ResponseHeaders } from '../../api-client/http-transport';
import { type PaginationDeclaration, type PaginationStyleName } from './pagination-declaration';
import { type PagePosition } from './page-position';

/** What the caller adds to every list request. */
export interface RequestInputs {
  /** The page size wanted; capped at the declaration's `pageSize.max`. */
  readonly pageSize: number;
  /** Extra query parameters, e.g. the delta filter `since`; undefined values are left out. */
  readonly query?: Readonly<Record<string, string | undefined>>;
}

/** The request for one page: query parameters for the list path, or the absolute URL the API gave. */
export type PageRequest = {
  /** The position this request fetches; null for the first page. */
  readonly position: PagePosition | null;
  /** The page size asked for (what a short page is measured against). */
  readonly pageSize: number;
} & (
  | { readonly kind: 'query'; readonly query: Readonly<Record<string, string>> }
  | { readonly kind: 'url'; readonly url: string }
);

/** A parsed response to a PageRequest. */
export interface PageResponse {
  readonly json: unknown;
  readonly headers: ResponseHeaders;
  readonly status: number;
  /** The URL that was fetched; a relative next URL is resolved against it. */
  readonly url: URL;
  /** The API's base URL: a next URL must stay on its origin. */
  readonly baseUrl: URL;
}

/** One page's records (not yet validated) and where the next page starts, null after the last. */
export interface ReadPage {
  readonly records: readonly unknown[];
  readonly next: PagePosition | null;
}

/** One pagination style, configured by a declaration: the same three operations for every style. */
export interface Paginator {
  readonly style: PaginationStyleName;
  /** The first page's request. */
  firstRequest(inputs: RequestInputs): PageRequest;
  /** The request for the page at `position` (a `next` from readPage, or one read back from storage). */
  nextRequest(position: PagePosition, inputs: RequestInputs): PageRequest;
  /** The records of a page and the position of the page after it. */
  readPage(request: PageRequest, response: PageResponse): ReadPage;
}

/** What a style sees of a page when it decides where the next one starts. */
export interface PageContext<D extends PaginationDeclaration, P extends PagePosition> {
  readonly declaration: D;
  readonly records: readonly unknown[];
  readonly position: P | null;
  readonly pageSize: number;
  readonly response: PageResponse;
  /** How the request is named in errors, e.g. `GET /v1/things`. */
  readonly request: string;
}

/**
 * The part of a paginator that differs by style (dlt's two methods): which query parameters
 * select a position, and which position the page after a response is at.
 */
export interface PaginationStyleRules<D extends PaginationDeclaration, P extends PagePosition> {
  /**
   * The query parameters that select `position` (null: the first page). URL styles are asked only
   * for the first page: their positions are whole URLs.
   */
  positionQuery(declaration: D, position: P | null): Record<string, string>;
  /** The next page's position, or null when this page was the last. */
  nextPosition(page: PageContext<D, P>): P | null;
}
