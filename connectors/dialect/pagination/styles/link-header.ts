import { sameOriginUrl } from '../../../api-client/api-urls';
import { type ResponseHeaders } from '../../../api-client/http-transport';
import { findNextLink } from '../../../api-client/link-header';
import { type DeclarationOf } from '../pagination-declaration';
import { type PositionOf } from '../page-position';
import { type PaginationStyleRules } from '../paginator';

/** RFC 8288 `Link: <…>; rel="next"` (GitHub); same-origin only, as for a next URL in the body. */
export const linkHeaderStyle: PaginationStyleRules<
  DeclarationOf<'link-header'>,
  PositionOf<'link-header'>
> = {
  positionQuery: () => ({}),
  nextPosition({ response, request }) {
    const target = findNextLink(linkHeader(response.headers));
    if (target === undefined) return null;
    const url = sameOriginUrl(target, response.url, response.baseUrl, request, response.status);
    return { style: 'link-header', url: url.href };
  },
};

/** Node lower-cases header names; a hand-built response may not. */
function linkHeader(headers: ResponseHeaders): string | readonly string[] | undefined {
  const name = Object.keys(headers).find((key) => key.toLowerCase() === 'link');
  return name === undefined ? undefined : headers[name];
}
