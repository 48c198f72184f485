import { type z } from 'zod';
import { InvalidRecordError } from './errors';
import { toRecordIssues } from './zod-issues';

/** Longest id we report; anything longer is not an id we can use. */
const MAX_ID_LENGTH = 256;

export interface ValidRecord<T> {
  readonly record: T;
  /** The record as the API sent it. */
  readonly raw: unknown;
}

export interface InvalidRecord {
  /** Safe to log and to keep in workflow history: it carries no value of the record. */
  readonly error: InvalidRecordError;
  /** The record as the API sent it: store it where record contents belong, never in a log. */
  readonly raw: unknown;
  readonly externalId: string | undefined;
}

export interface RecordValidation<T> {
  readonly valid: Array<ValidRecord<T>>;
  readonly invalid: InvalidRecord[];
}

/**
 * Validates a page's records one by one against the entity's schema. An invalid record is reported
 * with its issues (path, expectation, received type) and does not fail the page.
 *
 * @example
 * const { valid, invalid } = validateRecords('people', personSchema, page.records);
 */
export function validateRecords<T>(
  entity: string,
  schema: z.ZodType<T>,
  records: readonly unknown[],
): RecordValidation<T> {
  const valid: Array<ValidRecord<T>> = [];
  const invalid: InvalidRecord[] = [];
  for (const raw of records) {
    const result = schema.safeParse(raw);
    if (result.success) {
      valid.push({ record: result.data, raw });
    } else {
      const externalId = readableId(raw);
      const error = new InvalidRecordError(entity, externalId, toRecordIssues(result.error.issues, raw));
      invalid.push({ error, raw, externalId });
    }
  }
  return { valid, invalid };
}

/** The record's `id` when it is a usable one (a non-empty string or a finite number). */
export function readableId(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  if (!Object.prototype.hasOwnProperty.call(raw, 'id')) return undefined;
  const id = (raw as { id: unknown }).id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  if (typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_LENGTH) return id;
  return undefined;
}
