import type { Kysely } from 'kysely';
import type { Database } from './database';
import { findOrganization, organizationVersion } from './repositories/organizations.repository';
import type { Organization } from './tables/organizations.table';

/** How stale a cached org may be: `org update` reaches every process within this long. */
export const ORG_RECHECK_MS = 2_000;

export interface OrgRowCacheOptions<V> {
  readonly db: Kysely<Database>;
  /**
   * Derives the cached value from the row (undefined: no such org); `previous` is the value it
   * replaces, if any. May throw: nothing is cached then.
   */
  readonly build: (orgId: string, org: Organization | undefined, previous: V | undefined) => V | Promise<V>;
  /** Default ORG_RECHECK_MS. */
  readonly recheckMs?: number;
  /** Bound on cached orgs (the oldest goes first); unknown ids are cached too. Default 10,000. */
  readonly maxEntries?: number;
}

interface Entry<V> {
  readonly value: V;
  /** The row's `updated_at` in ms, or null when the org did not exist. */
  readonly version: number | null;
  checkedAt: number;
}

/**
 * Values derived from organization rows (an API client, a webhook verifier), per process,
 * revalidated by the row's `updated_at` at most every `recheckMs`: a primary-key lookup of one
 * timestamp per active org every two seconds, and a rebuild only when the row changed (a trigger
 * moves `updated_at` on every update). Chosen over LISTEN/NOTIFY: no dedicated connection per
 * process to keep alive and reconnect, no notification lost while it was down, and it works
 * behind a transaction-pooling PgBouncer; the cost is two seconds of staleness, and an org idle
 * in this process costs nothing.
 */
export class OrgRowCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly inFlight = new Map<string, Promise<V>>();
  private readonly recheckMs: number;
  private readonly maxEntries: number;

  constructor(private readonly options: OrgRowCacheOptions<V>) {
    this.recheckMs = options.recheckMs ?? ORG_RECHECK_MS;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  get(orgId: string): Promise<V> {
    const entry = this.entries.get(orgId);
    if (entry && Date.now() - entry.checkedAt < this.recheckMs) return Promise.resolve(entry.value);
    // Concurrent callers share one revalidation.
    let flight = this.inFlight.get(orgId);
    if (!flight) {
      flight = this.revalidate(orgId, entry).finally(() => this.inFlight.delete(orgId));
      this.inFlight.set(orgId, flight);
    }
    return flight;
  }

  /** Every cached value, e.g. to close them at shutdown; the cache is empty afterwards. */
  drain(): V[] {
    const values = [...this.entries.values()].map((entry) => entry.value);
    this.entries.clear();
    return values;
  }

  private async revalidate(orgId: string, entry: Entry<V> | undefined): Promise<V> {
    const checkedAt = Date.now();
    if (entry) {
      const version = (await organizationVersion(this.options.db, orgId))?.getTime() ?? null;
      if (version === entry.version) {
        entry.checkedAt = checkedAt;
        return entry.value;
      }
    }
    const org = await findOrganization(this.options.db, orgId);
    // A replaced value is dropped, not closed: an activity may still be using it.
    this.entries.delete(orgId);
    const value = await this.options.build(orgId, org, entry?.value);
    if (this.entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: the first key is the oldest entry.
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(orgId, { value, version: org?.updated_at.getTime() ?? null, checkedAt });
    return value;
  }
}
