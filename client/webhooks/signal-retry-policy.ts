import { defaultGrpcRetryOptions, type GrpcRetryOptions } from '@temporalio/client';

/** A failed call's gRPC status. */
type GrpcStatus = Parameters<GrpcRetryOptions['delayFunction']>[1];

/** gRPC's RESOURCE_EXHAUSTED, which Temporal also answers while a run is closing. */
const RESOURCE_EXHAUSTED = 8;
const RUN_CLOSING = 'workflow is closing';
/** Retries while a run closes: a few per 100 ms, the whole wait well inside the call's deadline. */
const CLOSING_FIRST_DELAY_MS = 20;
const CLOSING_MAX_DELAY_MS = 100;
const CLOSING_MAX_ATTEMPTS = 40;

/** A few quick retries (about 1 s in all) for a blip; longer outages are the inbox forwarder's to retry (with backoff). */
const OTHER_MAX_ATTEMPTS = 4;

/**
 * The inbox forwarder's gRPC retries. When the record-sync workflow's continue-as-new meets a signal,
 * Temporal fails that workflow task and refuses further signals with RESOURCE_EXHAUSTED "workflow
 * is closing" until the run has replayed and continued (a few hundred ms). The SDK's default backs
 * off a second or more on RESOURCE_EXHAUSTED, and the org's later deliveries queue up behind the
 * waiting ones: that was the webhook benchmark's whole p95/p99 (1.3 s / 1.8 s at 50/s). Those
 * refusals are retried every 20–100 ms instead; everything else keeps the SDK's default.
 */
export function signalRetryOptions(): GrpcRetryOptions {
  const standard = defaultGrpcRetryOptions({ maxAttempts: OTHER_MAX_ATTEMPTS });
  return {
    delayFunction: (attempt, status) =>
      isRunClosing(status)
        ? Math.min(CLOSING_MAX_DELAY_MS, CLOSING_FIRST_DELAY_MS * 1.5 ** (attempt - 1))
        : standard.delayFunction(attempt, status),
    retryableDecider: (attempt, status) =>
      isRunClosing(status) ? attempt < CLOSING_MAX_ATTEMPTS : standard.retryableDecider(attempt, status),
  };
}

function isRunClosing(status: GrpcStatus): boolean {
  return Number(status.code) === RESOURCE_EXHAUSTED && status.details.includes(RUN_CLOSING);
}
