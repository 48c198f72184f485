/** Pagination styles the client knows; each org's API uses one. */
export const PAGINATION_STYLES = ['cursor', 'page', 'link'] as const;
export type PaginationStyle = (typeof PAGINATION_STYLES)[number];

/**
 * Where the next page starts. Plain JSON, so it can be stored as a sync cursor and resumed by
 * another process. `undefined` means "the first page".
 */
export type PageCursor =
  | { readonly style: 'cursor'; readonly token: string }
  | { readonly style: 'page'; readonly page: number }
  | { readonly style: 'link'; readonly url: string };

export interface ListPageRequest {
  /** API path of the list endpoint, e.g. `/v1/people`. */
  readonly path: string;
  /** Inclusive lower bound on the delta field (ISO 8601). */
  readonly updatedSince?: string | undefined;
  readonly limit: number;
  /** The page to fetch; the first page when undefined. */
  readonly cursor?: PageCursor | undefined;
}

/** One page of raw records (not yet validated against the entity schema). */
export interface RawPage {
  readonly records: readonly unknown[];
  /** The page after this one, or null when this was the last. */
  readonly next: PageCursor | null;
}

export interface IdListingRequest {
  /** API path of the ID listing, e.g. `/v1/people/ids`. */
  readonly path: string;
  /** Start after this id (exclusive); from the beginning when undefined. */
  readonly after?: string | undefined;
  readonly limit: number;
}

export interface IdListingEntry {
  readonly id: string;
  /** ISO 8601, as the API sent it. */
  readonly updatedAt: string;
}

export interface IdListingPage {
  readonly entries: readonly IdListingEntry[];
  /** Pass as `after` for the next page; null when the listing is complete. */
  readonly nextAfter: string | null;
}

export interface ApiClientOptions {
  /** e.g. `http://127.0.0.1:4010` */
  readonly baseUrl: string;
  /** Bearer token; never logged, never put in an error message. */
  readonly token: string;
  /**
   * The API's pagination style; `auto` recognises it from the first response (`next_cursor` in
   * the body, a `Link` header, or `page`/`has_more`).
   */
  readonly paginationStyle?: PaginationStyle | 'auto';
  /** Per-request timeout (headers and body), default 30 s. */
  readonly timeoutMs?: number;
  /**
   * Awaited before every request: the engine plugs the organization's shared rate budget in here.
   */
  readonly beforeRequest?: () => Promise<void>;
  readonly userAgent?: string;
}

/** A page and the cursor that fetched it (undefined for the first page). */
export interface FetchedPage extends RawPage {
  readonly cursor: PageCursor | undefined;
}

/**
 * The stateless client of one organization's API (one instance per credentials). Every response
 * is validated with zod; every failure is an ApiError of a known kind.
 */
export interface ApiClient {
  /** One page of a list endpoint. */
  listPage(request: ListPageRequest): Promise<RawPage>;
  /** Every page from `request.cursor` (or the first page) to the last, as an async iterator. */
  paginate(request: ListPageRequest): AsyncIterable<FetchedPage>;
  /**
   * One record; throws ApiNotFoundError on 404. `path` is a template with an `{id}` placeholder
   * (`/v1/people/{id}`), or a collection path the id is appended to.
   */
  getRecord(path: string, id: string): Promise<unknown>;
  /** One page of an ID listing. */
  listIds(request: IdListingRequest): Promise<IdListingPage>;
  /** Every page of an ID listing from `request.after`. */
  paginateIds(request: IdListingRequest): AsyncIterable<IdListingPage>;
  /** Closes kept-alive connections. */
  close(): Promise<void>;
}
