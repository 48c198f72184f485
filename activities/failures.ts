import { ApplicationFailure, Context } from '@temporalio/activity';
import { type ApiError, isApiError, isApiErrorOf } from '../connectors/api-client/errors';
import { apiErrors, rateLimitWaitSeconds } from '../observability/metrics';
import type { EngineSettings } from './engine-settings';

/** The org an activity works for, from its workflow id (`sync:<org>:…`), for metric labels. */
function orgOf(): string {
  return Context.current().info.workflowExecution?.workflowId.split(':')[1] ?? 'unknown';
}

/** Heartbeat timeout of every long activity: a killed worker's task moves elsewhere this fast. */
export const HEARTBEAT_EVERY_MS = 5_000;

/** An error of ours that says of itself that trying again cannot help (unknown entity, bad key, …). */
function isNonRetryableError(err: unknown): err is Error {
  return err instanceof Error && (err as { retryable?: unknown }).retryable === false;
}

/**
 * Turns an error into the Temporal failure that makes the right retry happen: 429 waits its
 * Retry-After (`nextRetryDelay`), 5xx/network/timeouts back off per the retry policy, auth and
 * fatal API errors and every error marked `retryable = false` (configuration: unknown connector or
 * entity, undecryptable secrets) fail at once (non-retryable), with the error's name as the
 * failure's type, visible in the UI. Anything else is left as it is (retried).
 */
export function toActivityFailure(err: unknown): unknown {
  if (!isApiError(err)) {
    return isNonRetryableError(err) ? ApplicationFailure.nonRetryable(err.message, err.name) : err;
  }
  const message = err.message;
  switch (err.kind) {
    case 'rate-limited':
      return ApplicationFailure.create({
        type: err.name,
        message,
        nextRetryDelay: (err as ApiError & { retryAfterMs: number }).retryAfterMs,
      });
    case 'retryable':
      return ApplicationFailure.retryable(message, err.name);
    default:
      return ApplicationFailure.nonRetryable(message, err.name);
  }
}

/**
 * Heartbeats after a commit (so a dead worker's task moves on, and so a cancellation reaches this
 * activity), then stops the activity if its sync was cancelled: here nothing is half-written, and
 * the workflow, which waits for its activities' cancellation, releases its lease only after this
 * stopped. Other aborts (worker shutdown, a timed-out attempt) go on as before: committed cursors
 * make them harmless, and the worker's shutdown has its own grace time.
 */
export function heartbeatCommitted(details: unknown): void {
  const context = Context.current();
  // A local activity (a delta's first slice) has no heartbeat: its workflow task is its lease.
  if (!context.info.isLocal) context.heartbeat(details);
  // The SDK's CancelledFailure: thrown, it reports the activity as cancelled.
  if (context.cancellationSignal.aborted && context.cancellationDetails?.cancelRequested)
    throw context.cancellationSignal.reason;
}

/** Sleeps while heartbeating, so a long wait is not mistaken for a dead worker. */
export async function sleepWithHeartbeat(ms: number): Promise<void> {
  const context = Context.current();
  for (let left = ms; left > 0; left -= HEARTBEAT_EVERY_MS) {
    context.heartbeat();
    await context.sleep(Math.min(left, HEARTBEAT_EVERY_MS));
  }
}

/**
 * Runs one API request, retrying retryable failures a few times inside the activity (cheaper than
 * a Temporal retry, which restarts the slice) and short rate-limit waits in place. What is left
 * escapes as the classified Temporal failure. `onRateLimited` lets the caller hold back the whole org.
 */
export async function withInlineRetries<T>(
  settings: EngineSettings,
  request: () => Promise<T>,
  onRateLimited: (waitMs: number) => Promise<void>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (err) {
      if (isApiError(err)) apiErrors.inc({ org: orgOf(), class: err.kind });
      if (!isApiError(err) || !err.retryable || attempt >= settings.inlineAttempts)
        throw toActivityFailure(err);
      if (isApiErrorOf(err, 'rate-limited')) {
        const waitMs = (err as ApiError & { retryAfterMs: number }).retryAfterMs;
        rateLimitWaitSeconds.inc({ org: orgOf() }, waitMs / 1000);
        await onRateLimited(waitMs);
        if (waitMs > settings.maxInlineRateLimitWaitMs) throw toActivityFailure(err);
        await sleepWithHeartbeat(waitMs);
      } else {
        await sleepWithHeartbeat(Math.min(250 * 2 ** (attempt - 1), 4_000));
      }
    }
  }
}

/** Every activity of `activities`, its errors classified by `toActivityFailure` where they escape. */
export function classifyFailures<T extends Record<string, (...args: never[]) => Promise<unknown>>>(
  activities: T,
): T {
  return Object.fromEntries(
    Object.entries(activities).map(([name, activity]) => [
      name,
      async (...args: never[]) => {
        try {
          return await activity(...args);
        } catch (err) {
          throw toActivityFailure(err);
        }
      },
    ]),
  ) as T;
}
