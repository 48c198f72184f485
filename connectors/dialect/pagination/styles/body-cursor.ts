import { readOptionalToken, readPath } from '../../json-path';
import { type DeclarationOf } from '../pagination-declaration';
import { type PositionOf } from '../page-position';
import { type PaginationStyleRules } from '../paginator';

/**
 * A cursor read from the body and sent back as a parameter (HubSpot `paging.next.after`). It ends
 * when the cursor is missing, null or empty, or when `endWhen` holds: Zendesk's incremental export
 * sends a cursor on its last page too, with `end_of_stream: true`.
 */
export const bodyCursorStyle: PaginationStyleRules<
  DeclarationOf<'body-cursor'>,
  PositionOf<'body-cursor'>
> = {
  positionQuery: (declaration, position) =>
    position === null ? {} : { [declaration.cursorParameter]: position.token },
  nextPosition({ declaration, response }) {
    const { endWhen } = declaration;
    if (endWhen !== undefined && readPath(response.json, endWhen.path) === endWhen.equals) return null;
    const token = readOptionalToken(response.json, declaration.nextCursorPath);
    return token === undefined ? null : { style: 'body-cursor', token };
  },
};
