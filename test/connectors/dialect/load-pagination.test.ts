import { loadPagination } from '../../../connectors/dialect/pagination';
import { MULTI_PAGE_APIS, singlePageApi } from './fake-dialect-apis';

const hubspot = {
  style: 'body-cursor',
  recordsPath: 'results',
  pageSize: { parameter: 'limit', max: 100 },
  nextCursorPath: 'paging.next.after',
  cursorParameter: 'after',
};

function loadError(declaration: unknown): { name?: string; message?: string; retryable?: boolean } {
  try {
    loadPagination('hubspot', declaration);
  } catch (err) {
    return err as { name?: string; message?: string };
  }
  throw new Error('the declaration was accepted');
}

describe('loadPagination', () => {
  it('accepts the declarations of every modelled API', () => {
    for (const api of [...MULTI_PAGE_APIS.map((make) => make()), singlePageApi()]) {
      expect(loadPagination('test', api.declaration)).toEqual(api.declaration);
    }
  });

  it.each([
    [
      'an unknown style',
      { ...hubspot, style: 'cursor' },
      'pagination.style: must be one of body-cursor, next-url, link-header, after-last-id, offset, page-number, none',
    ],
    [
      'no style',
      { recordsPath: 'data', pageSize: { max: 1 } },
      'pagination.style: must be one of body-cursor',
    ],
    [
      'a missing path',
      { ...hubspot, nextCursorPath: undefined },
      'pagination.nextCursorPath: required for style "body-cursor"',
    ],
    [
      'a missing page size',
      { ...hubspot, pageSize: undefined },
      'pagination.pageSize: required for style "body-cursor"',
    ],
    [
      'an unknown key (a typo)',
      { ...hubspot, nextCursorPth: 'x' },
      'pagination.nextCursorPth: unknown field for style "body-cursor"',
    ],
    [
      'a key of another style',
      { ...hubspot, totalPath: 'total' },
      'pagination.totalPath: unknown field for style "body-cursor"',
    ],
    [
      'pageSize.max of 0',
      { ...hubspot, pageSize: { max: 0 } },
      'pagination.pageSize.max: must be a positive integer',
    ],
    [
      'pageSize.max of 2.5',
      { ...hubspot, pageSize: { max: 2.5 } },
      'pagination.pageSize.max: must be a positive integer',
    ],
    [
      'pageSize.max as text',
      { ...hubspot, pageSize: { max: '100' } },
      'pagination.pageSize.max: must be a positive integer',
    ],
    [
      'an unknown page size key',
      { ...hubspot, pageSize: { max: 5, min: 1 } },
      'pagination.pageSize.min: unknown field',
    ],
    [
      'a path with an empty segment',
      { ...hubspot, recordsPath: 'data..items' },
      'pagination.recordsPath: must be a dotted path',
    ],
    [
      'a cursor path that is the body',
      { ...hubspot, nextCursorPath: '$' },
      'pagination.nextCursorPath: must name a field',
    ],
    [
      'a path of the wrong type',
      { ...hubspot, nextCursorPath: 3 },
      'pagination.nextCursorPath: must be a string, found number',
    ],
    [
      'a fixed parameter the paginator sets',
      { ...hubspot, fixedParameters: { after: '0' } },
      'pagination.fixedParameters.after: is a parameter the paginator sets',
    ],
    ['not an object', 'body-cursor', 'pagination: must be an object, found string'],
  ])('rejects %s, naming the field', (_what, declaration, message) => {
    const err = loadError(declaration);
    expect(err).toMatchObject({ name: 'ConnectorDefinitionError', retryable: false });
    expect(err.message).toContain(`Connector hubspot: ${message}`);
  });

  it('names every wrong field at once, under the path it was given', () => {
    let message = '';
    try {
      loadPagination(
        'zendesk',
        { style: 'body-cursor', recordsPath: 'tickets', pageSize: { max: 10 } },
        'entities.tickets.pagination',
      );
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toBe(
      'Connector zendesk: entities.tickets.pagination.nextCursorPath: required for style "body-cursor"; ' +
        'entities.tickets.pagination.cursorParameter: required for style "body-cursor"',
    );
  });
});
