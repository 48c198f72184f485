/** Thrown when a polled condition did not hold within its bound. */
export class PollTimeoutError extends Error {
  override readonly name = 'PollTimeoutError';
  constructor(
    readonly description: string,
    readonly timeoutMs: number,
    readonly lastError: unknown,
  ) {
    super(
      `Timed out after ${timeoutMs} ms waiting for ${description}` +
        (lastError instanceof Error ? `: ${lastError.message}` : ''),
    );
  }
}

/** Thrown by a probe when waiting longer cannot help (the awaited process died): stops polling at once. */
export class PollAbortedError extends Error {
  override readonly name = 'PollAbortedError';
}

export interface PollOptions {
  /** What is awaited, for the error message. */
  readonly description: string;
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Ends the wait at once, throwing the signal's reason (e.g. Ctrl-C while a server starts). */
  readonly signal?: AbortSignal;
}

/**
 * Calls `probe` until it returns a value other than `undefined` or `false`, or the bound passes.
 * A probe that throws counts as "not yet" (its last error is reported on timeout), except for a
 * PollAbortedError, which ends the wait with that error, and except when `signal` is aborted.
 */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  options: PollOptions,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  const intervalMs = options.intervalMs ?? 100;
  let lastError: unknown;
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      const result = await probe();
      if (result !== undefined && result !== false) return result;
    } catch (err) {
      if (err instanceof PollAbortedError) throw err;
      lastError = err;
    }
    if (Date.now() >= deadline) throw new PollTimeoutError(options.description, options.timeoutMs, lastError);
    await pause(intervalMs, options.signal);
  }
}

/** Waits `ms`, or less when `signal` is aborted (then resolves too: the caller checks the signal). */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
