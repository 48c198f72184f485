import { ApplicationFailure } from '@temporalio/activity';
import type { ApiClient } from '../connectors/api-client/types';
import type { LoadedConnector } from '../connectors/load-connector';
import { getConnector } from '../connectors/registry';
import { blockRequestsUntil } from '../db/repositories/rate-budget.repository';
import { findOrganization } from '../db/repositories/organizations.repository';
import type { Organization } from '../db/tables/organizations.table';
import type { ActivityDeps } from './activity-deps';
import { sleepWithHeartbeat } from './failures';
import { createOrgApiClient } from './org-api-client';

/** An organization as an activity works with it: its row, its connector and an API client for it. */
export interface OrgContext {
  readonly org: Organization;
  readonly connector: LoadedConnector;
  readonly client: ApiClient;
  /** Holds every sync of this org back (fleet-wide) after a 429. */
  blockRequestsFor(ms: number): Promise<void>;
}

const TTL_MS = 30_000;

/**
 * Org contexts cached per worker process for a short while: activities run often for the same org,
 * and a cached client keeps its HTTP connections alive. A changed org row (new credentials) gets a
 * fresh client on the next lookup after the TTL.
 */
export class OrgContextCache {
  private readonly entries = new Map<string, { context: OrgContext; loadedAt: number }>();

  constructor(private readonly deps: ActivityDeps) {}

  async get(orgId: string): Promise<OrgContext> {
    const cached = this.entries.get(orgId);
    if (cached && Date.now() - cached.loadedAt < TTL_MS) return cached.context;
    const org = await findOrganization(this.deps.db, orgId);
    if (!org) {
      throw ApplicationFailure.nonRetryable(
        `Organization ${orgId} does not exist (removed?)`,
        'OrganizationNotFound',
      );
    }
    if (org.removed_at !== null) {
      // `org remove` terminates its syncs; one that slipped through (started meanwhile) stops here.
      throw ApplicationFailure.nonRetryable(`Organization ${orgId} was removed`, 'OrganizationRemoved');
    }
    if (cached && cached.context.org.updated_at.getTime() === org.updated_at.getTime()) {
      cached.loadedAt = Date.now();
      return cached.context;
    }
    const context = this.build(org);
    if (cached) void cached.context.client.close();
    this.entries.set(orgId, { context, loadedAt: Date.now() });
    return context;
  }

  /** Closes every cached client (worker shutdown). */
  async close(): Promise<void> {
    await Promise.all([...this.entries.values()].map((entry) => entry.context.client.close()));
    this.entries.clear();
  }

  private build(org: Organization): OrgContext {
    const { db, cipher, settings } = this.deps;
    let connector: LoadedConnector;
    let client: ApiClient;
    try {
      connector = getConnector(org.connector);
      client = createOrgApiClient({
        db,
        cipher,
        org,
        connector,
        timeoutMs: settings.apiTimeoutMs,
        holdBack: async (waitMs) => {
          if (waitMs > settings.maxInlineRateLimitWaitMs) {
            // The org is held back (a 429 elsewhere) longer than is worth holding a slot: retry later.
            throw ApplicationFailure.create({
              type: 'RateBudgetExhausted',
              message: `Requests to organization ${org.id} are held back for ${Math.ceil(waitMs / 1000)} s`,
              nextRetryDelay: waitMs,
            });
          }
          await sleepWithHeartbeat(waitMs);
        },
      });
    } catch (err) {
      throw ApplicationFailure.nonRetryable((err as Error).message, (err as Error).name);
    }
    return {
      org,
      connector,
      client,
      blockRequestsFor: (ms) =>
        settings.shareRateLimitWaits
          ? blockRequestsUntil(db, org.id, new Date(Date.now() + ms))
          : Promise.resolve(),
    };
  }
}
