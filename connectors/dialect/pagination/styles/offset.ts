import { readCount } from '../../json-path';
import { type DeclarationOf } from '../pagination-declaration';
import { type PositionOf } from '../page-position';
import { type PaginationStyleRules } from '../paginator';

/**
 * An offset into the list (Jira `startAt`): the next offset is this one plus the records received.
 * It ends on an empty page; then on `offset >= total` when the body has a total, else on a short
 * page. With a total, a short page does not end the list: an API may cap the page size below what
 * was asked (Jira does), and ending there would silently drop the rest.
 */
export const offsetStyle: PaginationStyleRules<DeclarationOf<'offset'>, PositionOf<'offset'>> = {
  positionQuery: (declaration, position) => ({
    [declaration.offsetParameter]: String(position?.offset ?? 0),
  }),
  nextPosition({ declaration, records, position, pageSize, response }) {
    if (records.length === 0) return null;
    const offset = (position?.offset ?? 0) + records.length;
    const { totalPath } = declaration;
    const ended =
      totalPath === undefined ? records.length < pageSize : offset >= readCount(response.json, totalPath);
    return ended ? null : { style: 'offset', offset };
  },
};
