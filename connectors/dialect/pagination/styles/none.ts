import { type DeclarationOf } from '../pagination-declaration';
import { type PaginationStyleRules } from '../paginator';

/** A list that is one page: nothing selects a page, and there is never a next one. */
export const noPaginationStyle: PaginationStyleRules<DeclarationOf<'none'>, never> = {
  positionQuery: () => ({}),
  nextPosition: () => null,
};
