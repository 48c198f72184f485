import { randomBytes } from 'node:crypto';
import { Agent } from 'undici';
import { type z } from 'zod';
import { type createOrgBody, type OrgCredentials, type OrgSummary, type patchOrgBody } from './admin-api';
import { SandboxHttpError } from './errors';
import { HeldRequests } from './faults/held-requests';
import { Org } from './org/org';
import { Tenant } from './org/tenant';
import { SandboxStats } from './stats/sandbox-stats';
import { type WebhookDeliveryOptions } from './webhooks/webhook-sender';

export interface SandboxStateOptions {
  /** Seed of the first org created without one; the n-th gets `seed + n - 1`. */
  readonly seed: number;
  readonly adminToken: string;
  /** Time of mutations (ms since epoch). */
  readonly clock: () => number;
  readonly webhookDelivery: WebhookDeliveryOptions;
}

/** Everything a running sandbox holds: its tenants (by id and by token) and its counters. */
export class SandboxState {
  readonly stats = new SandboxStats();
  readonly held = new HeldRequests();
  private readonly byId = new Map<string, Tenant>();
  private readonly byToken = new Map<string, Tenant>();
  private readonly dispatcher = new Agent({ keepAliveTimeout: 4_000, connections: 64 });
  private created = 0;

  constructor(readonly options: SandboxStateOptions) {}

  get tenants(): IterableIterator<Tenant> {
    return this.byId.values();
  }

  /** Seeds a new org (synchronously: about 0.4 s per million records). */
  createOrg(request: z.output<typeof createOrgBody>): Tenant {
    const index = ++this.created;
    let id = request.id;
    if (id === undefined) {
      for (let n = this.byId.size + 1; id === undefined || this.byId.has(id); n++) id = `org${n}`;
    }
    if (this.byId.has(id)) throw new SandboxHttpError(409, 'conflict', `id: org ${id} exists already`);
    const org = new Org({
      id,
      token: `sk_test_${randomBytes(18).toString('base64url')}`,
      webhookSecret: `whsec_${randomBytes(24).toString('base64')}`,
      connector: request.connector,
      records: request.records,
      seed: request.seed ?? this.options.seed + index - 1,
      pagination: request.pagination ?? 'cursor',
      clock: this.options.clock,
    });
    const tenant = new Tenant(org, this.stats.of(id), this.dispatcher, this.options.webhookDelivery);
    this.byId.set(id, tenant);
    this.byToken.set(org.token, tenant);
    return tenant;
  }

  tenant(id: string): Tenant {
    const tenant = this.byId.get(id);
    if (!tenant) throw new SandboxHttpError(404, 'not_found', `No org ${id}`);
    return tenant;
  }

  tenantByToken(token: string): Tenant | undefined {
    return this.byToken.get(token);
  }

  /** Changes an org's settings at run time; unnamed fields keep their values. */
  patchOrg(tenant: Tenant, patch: z.output<typeof patchOrgBody>): OrgSummary {
    const org = tenant.org;
    if (patch.pagination) org.pagination = patch.pagination;
    if (patch.faults) org.faults = { ...org.faults, ...patch.faults };
    if (patch.webhooks) org.webhooks = { ...org.webhooks, ...patch.webhooks };
    if (patch.mutations) org.mutations = { ...org.mutations, ...patch.mutations };
    tenant.stream.refresh();
    return summaryOf(tenant);
  }

  summaries(): OrgSummary[] {
    return [...this.byId.values()].map(summaryOf);
  }

  async close(): Promise<void> {
    for (const tenant of this.byId.values()) tenant.close();
    this.held.releaseAll();
    await this.dispatcher.destroy();
  }
}

export function credentialsOf({ org }: Tenant): OrgCredentials {
  const { id, token, webhookSecret, connector, pagination } = org;
  return { id, token, webhookSecret, connector, pagination };
}

function summaryOf(tenant: Tenant): OrgSummary {
  const { org } = tenant;
  return {
    ...credentialsOf(tenant),
    seed: org.seed,
    records: org.liveCounts(),
    faults: org.faults,
    webhooks: org.webhooks,
    mutations: org.mutations,
  };
}
