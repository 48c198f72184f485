import { sameOriginUrl } from '../../../api-client/api-urls';
import { readOptionalString } from '../../json-path';
import { type DeclarationOf } from '../pagination-declaration';
import { type PositionOf } from '../page-position';
import { type PaginationStyleRules } from '../paginator';

/**
 * The next page's URL in the body (Zendesk `next_page`), absolute or relative to the page that
 * carried it. It is followed with the org's credentials, so another origin is refused (fatal).
 */
export const nextUrlStyle: PaginationStyleRules<DeclarationOf<'next-url'>, PositionOf<'next-url'>> = {
  positionQuery: () => ({}),
  nextPosition({ declaration, response, request }) {
    const target = readOptionalString(response.json, declaration.nextUrlPath);
    if (target === undefined) return null;
    const url = sameOriginUrl(target, response.url, response.baseUrl, request, response.status);
    return { style: 'next-url', url: url.href };
  },
};
