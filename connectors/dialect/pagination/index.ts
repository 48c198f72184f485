export { loadPagination } from './load-pagination';
export { pageRequestUrl } from './page-request-url';
export {
  PAGINATION_STYLE_NAMES,
  paginationDeclarationSchema,
  pageSizeSchema,
  type DeclarationOf,
  type PaginationDeclaration,
  type PaginationStyleName,
} from './pagination-declaration';
export {
  pagePositionSchema,
  positionKey,
  samePosition,
  type PagePosition,
  type PositionOf,
} from './page-position';
export type { PageRequest, PageResponse, Paginator, ReadPage, RequestInputs } from './paginator';
export { createPaginator, ownParameters } from './paginators';
export { createStallDetector, type StallDetector } from './stall-detector';
