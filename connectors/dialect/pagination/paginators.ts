import { configurationError, describeRequest } from '../../api-client/api-urls';
import { wrongShape } from '../../api-client/envelopes';
import { ApiFatalError } from '../../api-client/errors';
import { isJsonPathError, readArray } from '../json-path';
import { type PaginationDeclaration } from './pagination-declaration';
import { type PagePosition } from './page-position';
import {
  type PageRequest,
  type PageResponse,
  type PaginationStyleRules,
  type Paginator,
  type ReadPage,
  type RequestInputs,
} from './paginator';
import { afterLastIdStyle } from './styles/after-last-id';
import { bodyCursorStyle } from './styles/body-cursor';
import { linkHeaderStyle } from './styles/link-header';
import { nextUrlStyle } from './styles/next-url';
import { noPaginationStyle } from './styles/none';
import { offsetStyle } from './styles/offset';
import { pageNumberStyle } from './styles/page-number';

/**
 * The paginator a declaration describes. Pure: it builds requests and reads responses, and the
 * caller does the HTTP (see pageRequestUrl for the URL of a request).
 *
 * @example
 * const paginator = createPaginator({
 *   style: 'body-cursor', recordsPath: 'results', pageSize: { parameter: 'limit', max: 100 },
 *   nextCursorPath: 'paging.next.after', cursorParameter: 'after',
 * });
 * const first = paginator.firstRequest({ pageSize: 50 }); // query { limit: '50' }
 * const page = paginator.readPage(first, response);
 * // page.records: the body's `results`; page.next: { style: 'body-cursor', token: '…' } or null
 * if (page.next) paginator.nextRequest(page.next, { pageSize: 50 }); // query { limit: '50', after: '…' }
 */
export function createPaginator(declaration: PaginationDeclaration): Paginator {
  switch (declaration.style) {
    case 'body-cursor':
      return composePaginator(declaration, bodyCursorStyle);
    case 'next-url':
      return composePaginator(declaration, nextUrlStyle);
    case 'link-header':
      return composePaginator(declaration, linkHeaderStyle);
    case 'after-last-id':
      return composePaginator(declaration, afterLastIdStyle);
    case 'offset':
      return composePaginator(declaration, offsetStyle);
    case 'page-number':
      return composePaginator(declaration, pageNumberStyle);
    case 'none':
      return composePaginator(declaration, noPaginationStyle);
  }
}

/**
 * The query parameters the paginator itself sets: a connector's fixed parameters and a caller's
 * extra ones must not name them (the paginator's value would silently win).
 *
 * @example
 * ownParameters({ style: 'offset', offsetParameter: 'startAt', pageSize: { parameter: 'maxResults', max: 100 }, recordsPath: 'issues' });
 * // ['maxResults', 'startAt']
 */
export function ownParameters(declaration: PaginationDeclaration): string[] {
  const own = [declaration.pageSize.parameter];
  switch (declaration.style) {
    case 'body-cursor':
      own.push(declaration.cursorParameter);
      break;
    case 'after-last-id':
      own.push(declaration.parameter);
      break;
    case 'offset':
      own.push(declaration.offsetParameter);
      break;
    case 'page-number':
      own.push(declaration.pageParameter);
      break;
    case 'next-url':
    case 'link-header':
    case 'none':
      break;
  }
  return own.filter((name) => name !== undefined);
}

function composePaginator<D extends PaginationDeclaration, P extends PagePosition>(
  declaration: D,
  rules: PaginationStyleRules<D, P>,
): Paginator {
  const own = new Set(ownParameters(declaration));
  const queryRequest = (position: P | null, inputs: RequestInputs): PageRequest => {
    const pageSize = pageSizeFor(declaration, inputs);
    const query: Record<string, string> = { ...declaration.fixedParameters };
    for (const [name, value] of Object.entries(inputs.query ?? {})) {
      if (own.has(name)) throw configurationError(`The query parameter ${name} is set by the paginator`);
      if (value !== undefined) query[name] = value;
    }
    const sizeParameter = declaration.pageSize.parameter;
    if (sizeParameter !== undefined) query[sizeParameter] = String(pageSize);
    Object.assign(query, rules.positionQuery(declaration, position));
    return { kind: 'query', position, pageSize, query };
  };
  return {
    style: declaration.style,
    firstRequest: (inputs) => queryRequest(null, inputs),
    nextRequest(position, inputs) {
      if (position.style !== declaration.style) {
        throw new ApiFatalError(
          `A position of style ${position.style} cannot resume a list declared with ${declaration.style} pagination`,
          undefined,
          'resume',
        );
      }
      // A URL position is the whole next request: the API put every parameter in it.
      if ('url' in position) {
        return { kind: 'url', position, pageSize: pageSizeFor(declaration, inputs), url: position.url };
      }
      // The style check above makes `position` this style's position type.
      return queryRequest(position as P, inputs);
    },
    readPage(request, response) {
      return readWithShapeErrors(response, (name) => {
        const records = readArray(response.json, declaration.recordsPath);
        const next = rules.nextPosition({
          declaration,
          records,
          position: request.position as P | null,
          pageSize: request.pageSize,
          response,
          request: name,
        });
        return { records, next };
      });
    },
  };
}

/** The page size asked: the caller's, capped at the API's maximum; the fixed size without a parameter. */
function pageSizeFor(declaration: PaginationDeclaration, inputs: RequestInputs): number {
  if (!Number.isInteger(inputs.pageSize) || inputs.pageSize < 1) {
    throw configurationError('The page size must be a positive integer');
  }
  const { parameter, max } = declaration.pageSize;
  return parameter === undefined ? max : Math.min(inputs.pageSize, max);
}

/** Runs `read`, turning a body of the wrong shape (JsonPathError) into ApiFatalError. */
function readWithShapeErrors(response: PageResponse, read: (request: string) => ReadPage): ReadPage {
  const request = describeRequest(response.url);
  try {
    return read(request);
  } catch (err) {
    if (isJsonPathError(err)) throw wrongShape(err.message, response.status, request);
    throw err;
  }
}
