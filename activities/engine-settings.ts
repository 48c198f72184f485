import type { Config } from '../config/config';

/** Tunables of the sync activities, from the worker's configuration. */
export interface EngineSettings {
  /** How long one activity call pages before returning to its workflow (bounds history and lets progress show). */
  readonly sliceMs: number;
  /** Records one page-loop transaction commits at most (several pages when the database is the slower side). */
  readonly commitBatchRecords: number;
  /** Deltas ask for `updated_since = watermark - lookbackMs`. */
  readonly lookbackMs: number;
  readonly apiTimeoutMs: number;
  /** Ids per page of a reconciliation's ID listing. */
  readonly idPageSize: number;
  /** Parallel get-by-id requests when reconciliation heals or webhooks arrive in bulk. */
  readonly recordFetchConcurrency: number;
  /** A rate-limit wait up to this long is slept inside the activity; longer ones become a Temporal retry delay. */
  readonly maxInlineRateLimitWaitMs: number;
  /** Attempts of one request inside the activity for retryable failures, before Temporal retries the activity. */
  readonly inlineAttempts: number;
  /**
   * After a 429, hold back every sync of the org (in the database, by wall-clock time), not just
   * the one that was refused. Off only under Temporal's time-skipping test server, whose workflow
   * time runs ahead of the wall clock.
   */
  readonly shareRateLimitWaits: boolean;
  /** Writes never replace a newer version with an older one. Off only by a chaos-suite test switch. */
  readonly monotonicWrites: boolean;
  /** Reconciliation keeps rows first seen after its listing began. Off only by a chaos-suite test switch. */
  readonly reconcileSafety: boolean;
}

export function engineSettingsFrom(config: Config): EngineSettings {
  const unsafe = new Set(config.SYNC_ENGINE_UNSAFE_TEST_SWITCHES);
  return {
    sliceMs: config.SYNC_SLICE_SECONDS * 1000,
    commitBatchRecords: config.SYNC_COMMIT_BATCH_RECORDS,
    lookbackMs: unsafe.has('no-lookback') ? 0 : config.DELTA_LOOKBACK_SECONDS * 1000,
    apiTimeoutMs: config.API_TIMEOUT_SECONDS * 1000,
    idPageSize: 5_000,
    recordFetchConcurrency: 8,
    maxInlineRateLimitWaitMs: 5_000,
    inlineAttempts: 4,
    shareRateLimitWaits: true,
    monotonicWrites: !unsafe.has('no-monotonic'),
    reconcileSafety: !unsafe.has('no-reconcile-safety'),
  };
}
