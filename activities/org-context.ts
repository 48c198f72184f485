import { ApplicationFailure } from '@temporalio/activity';
import type { ApiClient } from '../connectors/api-client/types';
import type { LoadedConnector } from '../connectors/load-connector';
import { getConnector } from '../connectors/registry';
import { blockRequestsUntil } from '../db/repositories/rate-budget.repository';
import { OrgRowCache } from '../db/org-row-cache';
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

/**
 * Org contexts cached per worker process: activities run often for the same org, and a cached
 * client keeps its HTTP connections alive. The row is rechecked every couple of seconds (see
 * OrgRowCache), so `org update` (a new token, API URL, rate) reaches the next activity of every
 * worker within seconds; an activity already running finishes its slice with what it started with.
 */
export class OrgContextCache {
  private readonly cache: OrgRowCache<OrgContext>;
  /**
   * Contexts replaced by a newer row: an activity that began its slice with one may still use it,
   * so each is closed once that slice and a request in flight must have ended (or at shutdown).
   * Without the close, a worker that sees many updates (rotated credentials) would keep every old
   * client's connections.
   */
  private readonly replaced = new Set<OrgContext>();

  constructor(private readonly deps: ActivityDeps) {
    this.cache = new OrgRowCache({
      db: deps.db,
      build: (orgId, org, previous) => {
        if (previous) this.retire(previous);
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
        return this.build(org);
      },
    });
  }

  get(orgId: string): Promise<OrgContext> {
    return this.cache.get(orgId);
  }

  private retire(context: OrgContext): void {
    this.replaced.add(context);
    const { sliceMs, apiTimeoutMs } = this.deps.settings;
    setTimeout(
      () => {
        if (this.replaced.delete(context)) void context.client.close();
      },
      sliceMs + 2 * apiTimeoutMs,
    ).unref();
  }

  /** Closes every client it made (worker shutdown). */
  async close(): Promise<void> {
    const contexts = [...this.cache.drain(), ...this.replaced];
    this.replaced.clear();
    await Promise.all(contexts.map((context) => context.client.close()));
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
