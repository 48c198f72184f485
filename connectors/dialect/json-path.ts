import { typeName } from '../api-client/zod-issues';

/**
 * Dotted paths into a JSON body (`paging.next.after`, `data`, `0.id`); `''` or `$` is the body
 * itself (GitHub answers with a top-level array). A leading `$.` is accepted and ignored.
 */
export const JSON_PATH_PATTERN = /^(?:\$|\$\.)?(?:[^.]+(?:\.[^.]+)*)?$/;

/**
 * A body that does not have the type a path needs. It names the path and the type found, never a
 * value: bodies may carry personal data, and errors end up in logs and workflow history.
 */
export class JsonPathError extends Error {
  override readonly name = 'JsonPathError';
  readonly kind = 'json-path';
  constructor(
    /** The path that was read, as declared. */
    readonly path: string,
    /** The prefix of `path` where the wrong type was met (`(body)` for the body itself). */
    readonly at: string,
    readonly expected: string,
    /** `typeof` of what was there, with `null` and `array` told apart. */
    readonly foundType: string,
    /** What was read, e.g. `the body` or `the last record`. */
    readonly source: string,
  ) {
    super(`${source}: expected ${expected} at ${at}, found ${foundType}`);
  }
}

/** Whether `err` is a JsonPathError, read from its shape (instanceof breaks across module contexts). */
export function isJsonPathError(err: unknown): err is JsonPathError {
  return err instanceof Error && (err as Partial<JsonPathError>).kind === 'json-path';
}

/** The segments of a path; `[]` for the body itself. */
export function pathSegments(path: string): string[] {
  const trimmed = path.replace(/^\$\.?/, '');
  return trimmed === '' ? [] : trimmed.split('.');
}

/**
 * The value at `path`, or undefined when a segment is missing or null on the way (an API that
 * leaves `paging` out on its last page means "no next page"). A segment met on a string, number
 * or boolean is a wrong-shape body: JsonPathError.
 *
 * @example
 * readPath({ paging: { next: { after: 'abc' } } }, 'paging.next.after'); // 'abc'
 * readPath({ results: [] }, 'paging.next.after'); // undefined
 * readPath([1, 2], '$'); // [1, 2]
 */
export function readPath(json: unknown, path: string, source = 'the body'): unknown {
  let current = json;
  const segments = pathSegments(path);
  for (const [index, segment] of segments.entries()) {
    if (current === undefined || current === null) return undefined;
    if (typeof current !== 'object') {
      const at = segments.slice(0, index).join('.') || '(body)';
      throw new JsonPathError(path, at, 'an object', typeName(current), source);
    }
    current = Object.prototype.hasOwnProperty.call(current, segment)
      ? (current as Record<string, unknown>)[segment]
      : undefined;
  }
  return current;
}

/**
 * `readPath` for bodies read as hints (webhooks): a path that runs into a string or number is
 * absent rather than an error, and the caller says what is missing.
 *
 * @example
 * readPathLeniently({ data: 'x' }, 'data.id'); // undefined
 */
export function readPathLeniently(json: unknown, path: string): unknown {
  try {
    return readPath(json, path);
  } catch (err) {
    if (isJsonPathError(err)) return undefined;
    throw err;
  }
}

/**
 * The array at `path`; a missing value or another type is JsonPathError (a list body without its
 * records is the wrong shape, not an empty page).
 *
 * @example
 * readArray({ data: [{ id: 1 }] }, 'data'); // [{ id: 1 }]
 */
export function readArray(json: unknown, path: string, source = 'the body'): unknown[] {
  const value = readPath(json, path, source);
  if (!Array.isArray(value)) throw wrongType(path, 'an array', value, source);
  return value as unknown[];
}

/**
 * The string at `path`, or undefined when it is absent, null or empty; another type is
 * JsonPathError.
 *
 * @example
 * readOptionalString({ next_page: null }, 'next_page'); // undefined
 */
export function readOptionalString(json: unknown, path: string, source = 'the body'): string | undefined {
  const value = readPath(json, path, source);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw wrongType(path, 'a string', value, source);
  return value;
}

/**
 * A string or a finite number (as text) at `path`, or undefined when it is absent, null or empty;
 * another type is JsonPathError. For cursors and ids, which some APIs send as numbers.
 *
 * @example
 * readOptionalToken({ after_cursor: 'MTU4' }, 'after_cursor'); // 'MTU4'
 * readOptionalToken({ id: 42 }, 'id'); // '42'
 */
export function readOptionalToken(json: unknown, path: string, source = 'the body'): string | undefined {
  const value = readPath(json, path, source);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw wrongType(path, 'a string or a number', value, source);
}

/**
 * Like readOptionalToken, but a missing token is JsonPathError too.
 *
 * @example
 * readToken({ id: 'cus_1' }, 'id', 'the last record'); // 'cus_1'
 */
export function readToken(json: unknown, path: string, source = 'the body'): string {
  const token = readOptionalToken(json, path, source);
  if (token === undefined)
    throw wrongType(path, 'a string or a number', readPath(json, path, source), source);
  return token;
}

/**
 * The boolean at `path`; anything else, including a missing value, is JsonPathError.
 *
 * @example
 * readBoolean({ has_more: false }, 'has_more'); // false
 */
export function readBoolean(json: unknown, path: string, source = 'the body'): boolean {
  const value = readPath(json, path, source);
  if (typeof value !== 'boolean') throw wrongType(path, 'a boolean', value, source);
  return value;
}

/**
 * The non-negative integer at `path`; anything else, including a missing value, is JsonPathError.
 *
 * @example
 * readCount({ total: 120 }, 'total'); // 120
 */
export function readCount(json: unknown, path: string, source = 'the body'): number {
  const value = readPath(json, path, source);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw wrongType(path, 'a non-negative integer', value, source);
  }
  return value;
}

function wrongType(path: string, expected: string, found: unknown, source: string): JsonPathError {
  return new JsonPathError(path, pathSegments(path).join('.') || '(body)', expected, typeName(found), source);
}
