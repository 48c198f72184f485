import { ApiFatalError } from './errors';

/**
 * The base URL a client was configured with, checked once: http(s), no credentials, no query or
 * fragment. Errors do not quote it (it is configuration, but userinfo would be a secret).
 */
export function parseBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw configurationError('The API base URL is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw configurationError('The API base URL must be http or https');
  }
  if (url.username || url.password || url.search || url.hash) {
    throw configurationError('The API base URL must not carry credentials, a query or a fragment');
  }
  return url;
}

/** A client created with options that cannot work; `request` is `configure`, as nothing was sent. */
export function configurationError(message: string): ApiFatalError {
  return new ApiFatalError(message, undefined, 'configure');
}

/** `path` (e.g. `/v1/people`) under the base URL, which may itself have a path prefix. */
export function endpointUrl(
  base: URL,
  path: string,
  query: Readonly<Record<string, string | undefined>>,
): URL {
  if (!path.startsWith('/') || /[?#]/.test(path)) {
    throw new ApiFatalError(
      'An API path must start with "/" and carry no query',
      undefined,
      'GET (invalid path)',
    );
  }
  const url = new URL(base.href.replace(/\/+$/, '') + path);
  for (const [name, value] of Object.entries(query))
    if (value !== undefined) url.searchParams.set(name, value);
  return url;
}

/**
 * A `next` link from the API, resolved against the page that carried it. It is followed with the
 * org's token, so it must stay on the API's origin: anything else is refused, not fetched.
 */
export function sameOriginUrl(
  target: string,
  relativeTo: URL,
  base: URL,
  request: string,
  status?: number,
): URL {
  let url: URL;
  try {
    url = new URL(target, relativeTo);
  } catch {
    throw new ApiFatalError(`${request}: the next-page link is not a valid URL`, status, request);
  }
  if (url.origin !== base.origin) {
    throw new ApiFatalError(
      `${request}: refusing a next-page link to another origin (${url.protocol}//${url.host})`,
      status,
      request,
    );
  }
  url.hash = '';
  return url;
}

/** How a request is named in errors: method and path, never the query string. */
export function describeRequest(url: URL): string {
  return `GET ${url.pathname}`;
}
