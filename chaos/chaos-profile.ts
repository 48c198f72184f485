import { z } from 'zod';
import { unsafeTestSwitches } from '../config/config';

/** How hard and how long one chaos run shakes the fleet. */
export interface ChaosProfile {
  readonly name: 'ci' | 'full';
  /** How long faults are injected while syncs run. */
  readonly chaosMs: number;
  readonly workers: number;
  /** SIGKILL a random worker this often (and start a replacement). */
  readonly killEveryMs: number;
  /** SIGTERM a worker mid-activity this often (graceful shutdown path). */
  readonly terminateEveryMs: number;
  /** Freeze a worker (SIGSTOP … SIGCONT) this often, for a random time up to `stallMaxMs`. */
  readonly stallEveryMs: number;
  readonly stallMaxMs: number;
  /** Update one of a few hot records of a webhook org this often: syncs of one record race. */
  readonly hotUpdateEveryMs: number;
  readonly temporalRestarts: number;
  readonly postgresRestarts: number;
  /** Orgs of ordinary size, a few of them twins (same seed: shared external ids), plus one large org. */
  readonly orgs: number;
  readonly recordsPerOrg: number;
  readonly largeOrgRecords: number;
  readonly mutationsPerMinute: number;
  /** A delta of some org is triggered this often (round robin), a reconciliation this often. */
  readonly deltaEveryMs: number;
  readonly reconcileEveryMs: number;
  /** Webhook flood: forged/stale/oversized/unknown-org requests per second. */
  readonly badWebhooksPerSecond: number;
}

export const PROFILES: Record<'ci' | 'full', ChaosProfile> = {
  ci: {
    name: 'ci',
    chaosMs: 150_000,
    workers: 3,
    killEveryMs: 5_000,
    terminateEveryMs: 45_000,
    stallEveryMs: 4_000,
    stallMaxMs: 6_000,
    hotUpdateEveryMs: 150,
    temporalRestarts: 1,
    postgresRestarts: 1,
    orgs: 20,
    recordsPerOrg: 1_200,
    largeOrgRecords: 20_000,
    mutationsPerMinute: 40,
    deltaEveryMs: 700,
    reconcileEveryMs: 6_000,
    badWebhooksPerSecond: 5,
  },
  full: {
    name: 'full',
    chaosMs: 32 * 60_000,
    workers: 4,
    killEveryMs: 8_000,
    terminateEveryMs: 60_000,
    // Some stalls outlast the 30 s heartbeat timeout: Temporal retries elsewhere while the frozen
    // attempt still holds its page (a zombie that must not write over newer data).
    stallEveryMs: 6_000,
    stallMaxMs: 40_000,
    hotUpdateEveryMs: 200,
    temporalRestarts: 6,
    postgresRestarts: 6,
    orgs: 24,
    recordsPerOrg: 3_000,
    largeOrgRecords: 150_000,
    mutationsPerMinute: 40,
    deltaEveryMs: 800,
    reconcileEveryMs: 8_000,
    badWebhooksPerSecond: 5,
  },
};

export const chaosArgs = z.object({
  profile: z.enum(['ci', 'full']).default('ci'),
  /** Test-only engine switches (no-lookback, no-monotonic, no-reconcile-safety): the run must then fail. */
  unsafe: unsafeTestSwitches.default([]),
  seed: z.coerce.number().int().min(0).default(1),
  /** Keep the work folder (every process's log) even when the run passes. */
  keepWorkDir: z.boolean().default(false),
});
export type ChaosArgs = z.output<typeof chaosArgs>;
