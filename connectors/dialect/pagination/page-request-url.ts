import { endpointUrl, sameOriginUrl } from '../../api-client/api-urls';
import { type PageRequest } from './paginator';

/**
 * The URL of a page request: the list path under the base URL with the request's query, or the
 * absolute URL of a URL position, checked again to be on the base URL's origin (a stored position
 * is read back from the database and must not send credentials elsewhere).
 *
 * @example
 * pageRequestUrl(new URL('https://api.hubapi.com'), '/crm/v3/objects/contacts', request);
 * // https://api.hubapi.com/crm/v3/objects/contacts?limit=100&after=…
 */
export function pageRequestUrl(base: URL, path: string, request: PageRequest): URL {
  if (request.kind === 'query') return endpointUrl(base, path, request.query);
  return sameOriginUrl(request.url, base, base, `GET ${path}`);
}
