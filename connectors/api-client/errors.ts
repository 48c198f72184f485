/**
 * Errors of the API client, classified by what the caller should do. Callers recognise them with
 * `isApiError` / `isApiErrorOf` only, which read the shape (`kind`, `request`): `instanceof` breaks
 * across module contexts (jest, bundles), and a name string says nothing about retrying.
 */
export const API_ERROR_KINDS = ['retryable', 'rate-limited', 'auth', 'not-found', 'fatal'] as const;
export type ApiErrorKind = (typeof API_ERROR_KINDS)[number];

/** Common shape of every error the API client throws. */
export abstract class ApiError extends Error {
  abstract readonly kind: ApiErrorKind;
  /** Whether trying the same request again may succeed. */
  abstract readonly retryable: boolean;
  constructor(
    message: string,
    /** HTTP status, when the server answered. */
    readonly status: number | undefined,
    /** The request's method and path (no query string: it may carry ids, never secrets). */
    readonly request: string,
  ) {
    super(message);
  }
}

/** Whether `err` is an error of the API client (see above: the one way to tell). */
export function isApiError(err: unknown): err is ApiError {
  if (!(err instanceof Error)) return false;
  const { kind, request } = err as Partial<ApiError>;
  return (
    typeof kind === 'string' &&
    (API_ERROR_KINDS as readonly string[]).includes(kind) &&
    typeof request === 'string'
  );
}

/** Whether `err` is an API client error of this kind, e.g. `isApiErrorOf(err, 'not-found')`. */
export function isApiErrorOf<K extends ApiErrorKind>(
  err: unknown,
  kind: K,
): err is ApiError & { readonly kind: K } {
  return isApiError(err) && err.kind === kind;
}

/** 5xx, network failure, timeout, or a body that is not the JSON it should be: try again later. */
export class ApiRetryableError extends ApiError {
  override readonly name = 'ApiRetryableError';
  readonly kind = 'retryable';
  readonly retryable = true;
  constructor(
    message: string,
    status: number | undefined,
    request: string,
    /** `http-5xx`, `network`, `timeout` or `malformed-body`. */
    readonly reason: 'http-5xx' | 'network' | 'timeout' | 'malformed-body',
  ) {
    super(message, status, request);
  }
}

/** 429: wait `retryAfterMs` before the next request to this API. */
export class ApiRateLimitedError extends ApiError {
  override readonly name = 'ApiRateLimitedError';
  readonly kind = 'rate-limited';
  readonly retryable = true;
  constructor(
    message: string,
    request: string,
    /** From Retry-After (seconds or HTTP date); a default when the header is absent or unreadable. */
    readonly retryAfterMs: number,
  ) {
    super(message, 429, request);
  }
}

/** 401/403: the credentials are wrong or revoked; retrying cannot help. */
export class ApiAuthError extends ApiError {
  override readonly name = 'ApiAuthError';
  readonly kind = 'auth';
  readonly retryable = false;
}

/** 404 on a single-record request: the record does not exist (or was deleted). */
export class ApiNotFoundError extends ApiError {
  override readonly name = 'ApiNotFoundError';
  readonly kind = 'not-found';
  readonly retryable = false;
}

/** Anything else: a 4xx we did not expect, or a response of the wrong shape. */
export class ApiFatalError extends ApiError {
  override readonly name = 'ApiFatalError';
  readonly kind = 'fatal';
  readonly retryable = false;
}

/** One problem of an invalid record: where, and what type was found. Never the value itself. */
export interface RecordIssue {
  /** Dotted path, e.g. `salary.amount`; empty for the record as a whole. */
  readonly path: string;
  /** What the schema said, e.g. `expected number`. */
  readonly message: string;
  /** `typeof` of what was there (`string`, `number`, `null`, `undefined`, `array`, `object`). */
  readonly receivedType: string;
}

/**
 * A record that failed its entity's schema. Reported one by one; it does not fail the page.
 * Carries no value of the record, so it is safe to log and to keep in workflow history.
 */
export class InvalidRecordError extends Error {
  override readonly name = 'InvalidRecordError';
  readonly kind = 'invalid-record';
  readonly retryable = false;
  constructor(
    readonly entity: string,
    /** The record's id when it had a readable one. */
    readonly externalId: string | undefined,
    readonly issues: readonly RecordIssue[],
  ) {
    super(
      `Invalid ${entity} record ${externalId ?? '(no id)'}: ` +
        issues
          .map((issue) => `${issue.path || '(record)'}: ${issue.message}, got ${issue.receivedType}`)
          .join('; '),
    );
  }
}
