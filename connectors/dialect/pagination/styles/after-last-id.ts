import { readBoolean, readToken } from '../../json-path';
import { type DeclarationOf } from '../pagination-declaration';
import { type PositionOf } from '../page-position';
import { type PaginationStyleRules } from '../paginator';

/**
 * The last record's id as the next request's parameter (Stripe `starting_after`). It ends on an
 * empty page, on `has_more: false`, or (without a has-more flag) on a short page.
 */
export const afterLastIdStyle: PaginationStyleRules<
  DeclarationOf<'after-last-id'>,
  PositionOf<'after-last-id'>
> = {
  positionQuery: (declaration, position) =>
    position === null ? {} : { [declaration.parameter]: position.lastId },
  nextPosition({ declaration, records, pageSize, response }) {
    const last = records.at(-1);
    if (last === undefined) return null;
    const { hasMorePath } = declaration;
    const more =
      hasMorePath === undefined ? records.length >= pageSize : readBoolean(response.json, hasMorePath);
    if (!more) return null;
    return { style: 'after-last-id', lastId: readToken(last, declaration.idPath, 'the last record') };
  },
};
