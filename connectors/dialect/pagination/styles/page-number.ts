import { readBoolean, readCount } from '../../json-path';
import { type DeclarationOf } from '../pagination-declaration';
import { type PositionOf } from '../page-position';
import { type PaginationStyleRules } from '../paginator';

const DEFAULT_FIRST_PAGE = 1;

/**
 * A page number. It ends on an empty page, on `has_more: false`, or on the last of the body's
 * total pages (counted from `firstPage`, so 0-based APIs work too).
 */
export const pageNumberStyle: PaginationStyleRules<
  DeclarationOf<'page-number'>,
  PositionOf<'page-number'>
> = {
  positionQuery: (declaration, position) => ({
    [declaration.pageParameter]: String(position?.page ?? declaration.firstPage ?? DEFAULT_FIRST_PAGE),
  }),
  nextPosition({ declaration, records, position, response }) {
    if (records.length === 0) return null;
    const { hasMorePath, totalPagesPath } = declaration;
    if (hasMorePath !== undefined && !readBoolean(response.json, hasMorePath)) return null;
    const firstPage = declaration.firstPage ?? DEFAULT_FIRST_PAGE;
    const page = position?.page ?? firstPage;
    const pagesSeen = page - firstPage + 1;
    if (totalPagesPath !== undefined && pagesSeen >= readCount(response.json, totalPagesPath)) return null;
    return { style: 'page-number', page: page + 1 };
  },
};
