import { z } from 'zod';
import { JSON_PATH_PATTERN } from '../json-path';

/**
 * How a connector declares its API's list pagination: one style, configured by paths into the
 * body and parameter names, modelled on dlt's REST client paginators. Strict objects throughout,
 * so a misspelt key fails when the connector loads instead of being silently ignored.
 */

/** Where in the body, `$` or `''` for the body itself. */
const bodyPath = z.string().regex(JSON_PATH_PATTERN, { error: 'must be a dotted path such as data.items' });
/** A field in the body: not the body itself. */
const fieldPath = bodyPath.refine((path) => path !== '' && path !== '$', {
  error: 'must name a field, not the body itself',
});
const parameterName = z.string().min(1, { error: 'must not be empty' });
const positiveInteger = z.int({ error: 'must be a positive integer' }).positive({
  error: 'must be a positive integer',
});

/** How many records a page holds; without `parameter` the API's page size is fixed at `max`. */
export const pageSizeSchema = z.strictObject({
  parameter: parameterName.optional(),
  max: positiveInteger,
});

const commonFields = {
  /** Where the records array is, e.g. `data`, `results`, `tickets`, or `$` for a top-level array. */
  recordsPath: bodyPath,
  pageSize: pageSizeSchema,
  /** Sent on every first request, e.g. `{ sort: 'updated', direction: 'asc' }`. */
  fixedParameters: z.record(parameterName, z.string()).optional(),
};

/** A cursor in the body, sent back as a query parameter (HubSpot `paging.next.after`, Zendesk). */
export const bodyCursorPaginationSchema = z.strictObject({
  style: z.literal('body-cursor'),
  ...commonFields,
  nextCursorPath: fieldPath,
  cursorParameter: parameterName,
  /** Ends even though a cursor was sent (Zendesk's `end_of_stream: true` on the last page). */
  endWhen: z
    .strictObject({ path: fieldPath, equals: z.union([z.boolean(), z.string(), z.number()]) })
    .optional(),
});

/** The next page's URL in the body, absolute or relative (Zendesk `next_page`). */
export const nextUrlPaginationSchema = z.strictObject({
  style: z.literal('next-url'),
  ...commonFields,
  nextUrlPath: fieldPath,
});

/** An RFC 8288 `Link: <…>; rel="next"` header (GitHub). */
export const linkHeaderPaginationSchema = z.strictObject({
  style: z.literal('link-header'),
  ...commonFields,
});

/** The last record's id as the next request's parameter (Stripe `starting_after`). */
export const afterLastIdPaginationSchema = z.strictObject({
  style: z.literal('after-last-id'),
  ...commonFields,
  parameter: parameterName,
  /** Where the id is in each record. */
  idPath: fieldPath,
  /** Without it, the list ends on an empty or short page. */
  hasMorePath: fieldPath.optional(),
});

/** An offset into the list (Jira `startAt`); the page size goes in `pageSize.parameter`. */
export const offsetPaginationSchema = z.strictObject({
  style: z.literal('offset'),
  ...commonFields,
  offsetParameter: parameterName,
  /** The list's length; when given, it (not a short page) says where the list ends. */
  totalPath: fieldPath.optional(),
});

/** A page number (`page=2`). */
export const pageNumberPaginationSchema = z.strictObject({
  style: z.literal('page-number'),
  ...commonFields,
  pageParameter: parameterName,
  firstPage: z.int({ error: 'must be an integer' }).min(0, { error: 'must be 0 or more' }).optional(),
  hasMorePath: fieldPath.optional(),
  totalPagesPath: fieldPath.optional(),
});

/** A list that is one page. */
export const noPaginationSchema = z.strictObject({
  style: z.literal('none'),
  ...commonFields,
});

export const paginationDeclarationSchema = z.discriminatedUnion('style', [
  bodyCursorPaginationSchema,
  nextUrlPaginationSchema,
  linkHeaderPaginationSchema,
  afterLastIdPaginationSchema,
  offsetPaginationSchema,
  pageNumberPaginationSchema,
  noPaginationSchema,
]);

export type PaginationDeclaration = z.infer<typeof paginationDeclarationSchema>;
export type PaginationStyleName = PaginationDeclaration['style'];
export type DeclarationOf<S extends PaginationStyleName> = Extract<PaginationDeclaration, { style: S }>;

export const PAGINATION_STYLE_NAMES = paginationDeclarationSchema.options.map(
  (option) => option.shape.style.value,
) as readonly PaginationStyleName[];
