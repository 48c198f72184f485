/** Temporal did not accept a call within its deadline, or refused it: the sender should retry later. */
export class TemporalUnavailableError extends Error {
  override readonly name = 'TemporalUnavailableError';
  constructor(
    readonly operation: string,
    readonly timeoutMs: number,
    options?: { readonly cause?: unknown },
  ) {
    super(`Temporal did not complete ${operation} within ${timeoutMs} ms`, options);
  }
}

/** A dependency (database, Temporal) did not answer within its deadline. */
export class DeadlineExceededError extends Error {
  override readonly name = 'DeadlineExceededError';
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
  ) {
    super(`${what} did not answer within ${timeoutMs} ms`);
  }
}
