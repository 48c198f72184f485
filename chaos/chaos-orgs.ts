import type { OperationsContext } from '../client/operations/operations-context';
import { addOrganization } from '../client/operations/org-operations';
import type { OrgCredentials, WebhookRetry } from '../sandbox';
import type { ChaosProfile } from './chaos-profile';
import type { ChaosCluster } from './cluster/chaos-cluster';

/** An organization of a chaos run: its engine id, its sandbox tenant and how it is fed. */
export interface ChaosOrg {
  readonly orgId: string;
  readonly sandbox: OrgCredentials;
  readonly records: number;
  /** Webhooks on: record syncs race with deltas. Off: deltas alone must catch everything. */
  readonly webhooks: boolean;
}

/**
 * Creates the run's tenants: ordinary orgs (the first four are twins: same seed and size, so the
 * same ids and records), one much larger org, a mix of pagination styles, webhooks on for half
 * of them; then adds each to the engine (schedules and initial full sync start).
 */
export async function createChaosOrgs(
  cluster: ChaosCluster,
  context: OperationsContext,
  profile: ChaosProfile,
  seed: number,
): Promise<ChaosOrg[]> {
  const orgs: ChaosOrg[] = [];
  const styles = ['cursor', 'link', 'cursor', 'page'] as const;
  for (let index = 0; index < profile.orgs + 1; index++) {
    const large = index === profile.orgs;
    const records = large ? profile.largeOrgRecords : profile.recordsPerOrg + (index % 5) * 150;
    const sandbox = await cluster.sandbox.createOrg({
      id: large ? 'large' : `t${index + 1}`,
      connector: 'hr',
      records: index < 4 ? profile.recordsPerOrg : records,
      seed: index < 4 ? seed : seed + index,
      pagination: styles[index % styles.length]!,
    });
    const added = await addOrganization(context, {
      name: `chaos ${sandbox.id}`,
      apiUrl: cluster.sandboxUrl,
      token: sandbox.token,
      connector: 'hr',
      webhookSecret: sandbox.webhookSecret,
    });
    await cluster.db
      .updateTable('organizations')
      .set({ requests_per_second: 200 })
      .where('id', '=', added.org.id)
      .execute();
    orgs.push({ orgId: added.org.id, sandbox, records, webhooks: index % 2 === 0 });
  }
  return orgs;
}

/**
 * The sender's retry budget in a chaos run: 6 attempts, 5 s doubling (≈ 0, 5, 15, 35, 75, 155 s,
 * ±25% jitter). No more generous than real providers (Svix / Standard Webhooks retry at 5 s, 5 min,
 * 30 min…, Stripe for days, GitHub not at all): a receiver that refuses valid deliveries for more
 * than about two minutes loses webhooks here, and the run fails.
 */
export const CHAOS_WEBHOOK_RETRY: WebhookRetry = {
  maxAttempts: 6,
  baseBackoffMs: 5_000,
  maxBackoffMs: 80_000,
};

/** Turns the source's misbehaviour on: ~30% faults, a mutation stream, webhooks with duplicates and reordering. */
export async function unleashSources(
  cluster: ChaosCluster,
  orgs: readonly ChaosOrg[],
  profile: ChaosProfile,
): Promise<void> {
  for (const org of orgs) {
    await cluster.sandbox.patchOrg(org.sandbox.id, {
      faults: {
        rate429: 0.05,
        retryAfterSeconds: 1,
        retryAfterStyle: org.records % 2 === 0 ? 'seconds' : 'http-date',
        rate5xx: 0.08,
        rateReset: 0.04,
        rateTimeout: 0.01,
        rateTruncated: 0.05,
        rateSlow: 0.07,
        slowMs: 200,
      },
      mutations: { perMinute: profile.mutationsPerMinute, lateMs: 20_000, tieBurstEvery: 25 },
      webhooks: org.webhooks
        ? {
            url: `${cluster.webhooksUrl}/webhooks/${org.orgId}`,
            duplicateRate: 0.2,
            reorder: true,
            delayMs: 0,
            maxDelayMs: 1_500,
            retry: CHAOS_WEBHOOK_RETRY,
          }
        : { url: null },
    });
  }
}

/** Calms the sources: no faults and no more changes. Malformed records stay malformed (see below). */
export async function calmSources(cluster: ChaosCluster, orgs: readonly ChaosOrg[]): Promise<void> {
  for (const org of orgs) {
    await cluster.sandbox.patchOrg(org.sandbox.id, {
      faults: { rate429: 0, rate5xx: 0, rateReset: 0, rateTimeout: 0, rateTruncated: 0, rateSlow: 0 },
      mutations: { perMinute: 0 },
    });
  }
}

/**
 * Fixes every malformed record at the source (each gets a new updated_at and an update webhook).
 * Returns the ids fixed per sandbox org: the records that were still malformed, as opposed to those
 * corrupted and then deleted (which clears the corruption) before any sync could read them.
 */
export async function fixMalformedRecords(
  cluster: ChaosCluster,
  orgs: readonly ChaosOrg[],
): Promise<Map<string, ReadonlySet<string>>> {
  const fixed = new Map<string, ReadonlySet<string>>();
  for (const org of orgs)
    fixed.set(org.sandbox.id, new Set((await cluster.sandbox.fix(org.sandbox.id)).fixed));
  return fixed;
}
