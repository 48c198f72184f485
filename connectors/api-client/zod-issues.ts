import { type z } from 'zod';
import { type RecordIssue } from './errors';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** Longest message we keep; a schema's allowed values or a custom message can be long. */
const MAX_MESSAGE_LENGTH = 200;
/** Leaves shorter than this are too common ("id", "1") to be told apart from ordinary words. */
const MIN_ECHO_LENGTH = 3;
/** Bound on the leaves scanned when a custom message is checked for echoed record values. */
const MAX_LEAVES = 2_000;

/**
 * Turns zod issues into RecordIssues that carry no value of the checked data: messages are rebuilt
 * from the schema's side of each issue (expected type, bounds, allowed values), never taken from
 * zod's text, whose error maps may interpolate the input. Custom (refine) messages are kept only
 * when they do not contain a value of the data.
 */
export function toRecordIssues(issues: readonly Issue[], root: unknown): RecordIssue[] {
  return issues.flatMap((issue) => describeIssue(issue, [], root));
}

/** `typeof`, with `null` and `array` told apart from `object`. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function describeIssue(issue: Issue, prefix: Path, root: unknown): RecordIssue[] {
  const path = [...prefix, ...issue.path];
  const value = valueAt(root, path);
  const at = (message: string, where: Path = path, found: unknown = value): RecordIssue => ({
    path: where.map(String).join('.'),
    message: cap(message),
    receivedType: typeName(found),
  });
  switch (issue.code) {
    case 'invalid_type':
      return [at(`expected ${issue.expected}`)];
    case 'too_small':
      return [at(describeBound(issue.origin, issue.minimum, issue, 'at least', 'more than', '>=', '>'))];
    case 'too_big':
      return [at(describeBound(issue.origin, issue.maximum, issue, 'at most', 'fewer than', '<=', '<'))];
    case 'invalid_format':
      return [
        at(
          issue.format === 'regex' && issue.pattern
            ? `expected a string matching ${issue.pattern}`
            : `expected ${issue.format} format`,
        ),
      ];
    case 'not_multiple_of':
      return [at(`expected a multiple of ${issue.divisor}`)];
    case 'invalid_value':
      return [at(`expected ${listValues(issue.values)}`)];
    case 'unrecognized_keys':
      return issue.keys.map((key) => at('unexpected field', [...path, key], valueAt(value, [key])));
    case 'invalid_key': {
      // The path ends with the offending key, which is data: report it on the map that holds it.
      const parent = path.slice(0, -1);
      const why = issue.issues
        .flatMap((nested) => describeIssue(nested, [], undefined))
        .map((i) => i.message);
      return [at(`has an invalid key (${why.join(', ')})`, parent, valueAt(root, parent))];
    }
    case 'invalid_element':
      return [
        at(`has an invalid ${issue.origin} entry`, path.slice(0, -1), valueAt(root, path.slice(0, -1))),
      ];
    case 'invalid_union':
      return [at(describeUnion(issue))];
    case 'custom':
      return [at(containsDataOf(issue.message, value, root) ? 'failed a custom check' : issue.message)];
    default:
      return [at('is invalid')];
  }
}

function describeBound(
  origin: string,
  bound: number | bigint,
  issue: { readonly inclusive?: boolean; readonly exact?: boolean },
  inclusiveWord: string,
  exclusiveWord: string,
  inclusiveSign: string,
  exclusiveSign: string,
): string {
  const unit = SIZED_UNITS[origin];
  if (unit) {
    const word = issue.exact ? 'exactly' : issue.inclusive === false ? exclusiveWord : inclusiveWord;
    return `expected ${origin} to have ${word} ${bound} ${unit}`;
  }
  const sign = issue.exact ? '=' : issue.inclusive === false ? exclusiveSign : inclusiveSign;
  return `expected ${origin} ${sign} ${bound}`;
}

const SIZED_UNITS: Readonly<Record<string, string>> = {
  string: 'characters',
  array: 'items',
  set: 'items',
  map: 'entries',
  file: 'bytes',
};

function describeUnion(issue: Extract<Issue, { code: 'invalid_union' }>): string {
  if (issue.inclusive === false) return 'matched more than one allowed shape';
  if (issue.discriminator !== undefined && issue.options) return `expected ${listValues(issue.options)}`;
  // `string | number` style unions fail with one type issue per option: name the types.
  const types = issue.errors.map((branch) => {
    const only = branch.length === 1 ? branch[0] : undefined;
    return only?.code === 'invalid_type' && only.path.length === 0 ? only.expected : undefined;
  });
  if (types.length > 0 && types.every((type) => type !== undefined)) return `expected ${types.join(' or ')}`;
  return `matched none of the ${issue.errors.length} allowed shapes`;
}

/** The schema's allowed values (never the received one), a bounded number of them. */
function listValues(values: readonly unknown[]): string {
  const shown = values.slice(0, 10).map((value) => {
    const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
    return text.length > 40 ? `${text.slice(0, 39)}…` : text;
  });
  const more = values.length > shown.length ? ` (${values.length - shown.length} more)` : '';
  return `${shown.length > 1 ? 'one of ' : ''}${shown.join(' | ')}${more}`;
}

/**
 * Whether `message` holds the value at the issue's path, or any longer leaf of the whole data. Data
 * too large to scan is assumed to be echoed.
 */
function containsDataOf(message: string, value: unknown, root: unknown): boolean {
  const own = leafText(value);
  if (own && message.includes(own)) return true;
  const leaves: string[] = [];
  if (!collectLeaves(root, leaves)) return true;
  return leaves.some((leaf) => leaf.length >= MIN_ECHO_LENGTH && message.includes(leaf));
}

/** Collects the text of every primitive leaf; false when there are more than MAX_LEAVES. */
function collectLeaves(value: unknown, into: string[]): boolean {
  if (typeof value === 'object' && value !== null) {
    return Object.values(value).every((child) => collectLeaves(child, into));
  }
  const text = leafText(value);
  if (text !== undefined) into.push(text);
  return into.length <= MAX_LEAVES;
}

function leafText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    default:
      return undefined;
  }
}

function valueAt(root: unknown, path: Path): unknown {
  let current = root;
  for (const key of path) {
    if (
      typeof current !== 'object' ||
      current === null ||
      !Object.prototype.hasOwnProperty.call(current, key)
    ) {
      return undefined;
    }
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function cap(message: string): string {
  return message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : message;
}
