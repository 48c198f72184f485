import {
  isJsonPathError,
  readArray,
  readBoolean,
  readCount,
  readOptionalString,
  readOptionalToken,
  readPath,
} from '../../../connectors/dialect/json-path';

function thrownBy(read: () => unknown): unknown {
  try {
    read();
  } catch (err) {
    return err;
  }
  throw new Error('nothing was thrown');
}

describe('json paths', () => {
  it('reads dotted paths, and the body itself for an empty path or $', () => {
    const body = { paging: { next: { after: 'abc' } }, data: [{ id: 1 }] };
    expect(readPath(body, 'paging.next.after')).toBe('abc');
    expect(readPath(body, '$.paging.next.after')).toBe('abc');
    expect(readPath(body, 'data.0.id')).toBe(1);
    expect(readPath([1, 2], '$')).toEqual([1, 2]);
    expect(readArray([1, 2], '')).toEqual([1, 2]);
  });

  it('reads a missing or null segment on the way as absent', () => {
    expect(readPath({ results: [] }, 'paging.next.after')).toBeUndefined();
    expect(readPath({ paging: null }, 'paging.next.after')).toBeUndefined();
    expect(readOptionalString({ next_page: null }, 'next_page')).toBeUndefined();
    expect(readOptionalToken({ after: '' }, 'after')).toBeUndefined();
    expect(readPath({}, 'toString')).toBeUndefined();
  });

  it('reads numeric tokens as text, and typed values', () => {
    expect(readOptionalToken({ id: 42 }, 'id')).toBe('42');
    expect(readBoolean({ has_more: false }, 'has_more')).toBe(false);
    expect(readCount({ meta: { total: 7 } }, 'meta.total')).toBe(7);
  });

  it.each([
    [
      () => readPath({ paging: 'jane@example.com' }, 'paging.next'),
      'the body: expected an object at paging, found string',
    ],
    [
      () => readArray({ data: { name: 'Jane Doe' } }, 'data'),
      'the body: expected an array at data, found object',
    ],
    [() => readArray({ name: 'Jane Doe' }, '$'), 'the body: expected an array at (body), found object'],
    [
      () => readOptionalString({ next_page: 5 }, 'next_page'),
      'the body: expected a string at next_page, found number',
    ],
    [
      () => readBoolean({ has_more: 'Jane Doe' }, 'has_more'),
      'the body: expected a boolean at has_more, found string',
    ],
    [
      () => readCount({ total: -1 }, 'total'),
      'the body: expected a non-negative integer at total, found number',
    ],
    [
      () => readOptionalToken({ id: ['Jane Doe'] }, 'id', 'the last record'),
      'the last record: expected a string or a number at id, found array',
    ],
  ])('says the path and the type found, never the value (%#)', (read, message) => {
    const err = thrownBy(read);
    expect(isJsonPathError(err)).toBe(true);
    expect(err).toMatchObject({ name: 'JsonPathError', message });
    expect(String(err)).not.toMatch(/Jane|jane/);
  });
});
