/** Counters of everything the sandbox did to its clients, for `GET /admin/stats`. */
import { addRefusals, emptyRefusals, refusalsAt, type WebhookRefusals } from './webhook-refusals';

export const FAULT_CLASSES = [
  'rate_limited',
  'server_error',
  'reset',
  'slow',
  'timeout',
  'truncated',
  'corrupted',
] as const;
export type FaultClass = (typeof FAULT_CLASSES)[number];

export interface WebhookCounters {
  /** Events accepted for delivery (each once, whatever its attempts and copies). */
  sent: number;
  /** Deliveries (originals and duplicates) answered with a 2xx. */
  delivered: number;
  /** Deliveries that got no 2xx in all their attempts. */
  failed: number;
  /** Extra copies sent with an already used webhook-id. */
  duplicated: number;
  /** HTTP requests made, first tries and retries. */
  attempts: number;
  /** Deliveries dropped unsent: the queue bound was exceeded or the URL was removed. */
  dropped: number;
  /** Attempts the receiver refused (every delivery is validly signed), and its longest refusal window. */
  refusals: WebhookRefusals;
}

export interface MutationCounters {
  created: number;
  updated: number;
  deleted: number;
  recreated: number;
  tieBurst: number;
  late: number;
  fixed: number;
}

export interface OrgStats {
  /** Answered `/v1` requests by HTTP status. */
  requests: Record<string, number>;
  /** Injected faults by class; `corrupted` counts records made invalid. */
  faults: Record<FaultClass, number>;
  webhooks: WebhookCounters;
  mutations: MutationCounters;
}

export interface SandboxStatsSnapshot {
  readonly orgs: Record<string, OrgStats>;
  readonly totals: OrgStats;
  /** `/v1` requests refused for a missing or unknown token. */
  readonly unauthorized: number;
}

export function emptyOrgStats(): OrgStats {
  return {
    requests: {},
    faults: Object.fromEntries(FAULT_CLASSES.map((name) => [name, 0])) as Record<FaultClass, number>,
    webhooks: {
      sent: 0,
      delivered: 0,
      failed: 0,
      duplicated: 0,
      attempts: 0,
      dropped: 0,
      refusals: emptyRefusals(),
    },
    mutations: { created: 0, updated: 0, deleted: 0, recreated: 0, tieBurst: 0, late: 0, fixed: 0 },
  };
}

export class SandboxStats {
  private readonly byOrg = new Map<string, OrgStats>();
  private unauthorized = 0;

  /** The live counters of an org (created on first use). */
  of(orgId: string): OrgStats {
    let stats = this.byOrg.get(orgId);
    if (!stats) {
      stats = emptyOrgStats();
      this.byOrg.set(orgId, stats);
    }
    return stats;
  }

  countRequest(orgId: string, status: number): void {
    const requests = this.of(orgId).requests;
    requests[status] = (requests[status] ?? 0) + 1;
  }

  countUnauthorized(): void {
    this.unauthorized++;
  }

  snapshot(): SandboxStatsSnapshot {
    const totals = emptyOrgStats();
    const orgs: Record<string, OrgStats> = {};
    const now = Date.now();
    for (const [orgId, stats] of this.byOrg) {
      const copy = structuredClone(stats);
      copy.webhooks.refusals = refusalsAt(stats.webhooks.refusals, now);
      orgs[orgId] = copy;
      addInto(totals.requests, stats.requests);
      addInto(totals.faults, stats.faults);
      addInto(totals.webhooks, copy.webhooks);
      addRefusals(totals.webhooks.refusals, copy.webhooks.refusals);
      addInto(totals.mutations, stats.mutations);
    }
    return { orgs, totals, unauthorized: this.unauthorized };
  }
}

/** Adds the numeric counters into totals of the same shape (other fields are merged by their owners). */
function addInto<T extends object>(target: T, source: T): void {
  const sums = target as Record<string, unknown>;
  for (const [key, value] of Object.entries(source as Record<string, unknown>))
    if (typeof value === 'number') sums[key] = ((sums[key] as number | undefined) ?? 0) + value;
}
