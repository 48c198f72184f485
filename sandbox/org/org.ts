import { hashInts, Rng } from '../core/prng';
import { type ConnectorName, CONNECTOR_ENTITIES, splitRecords } from '../entities/connectors';
import { ENTITY_NAMES, type EntityDefinition, type EntityName } from '../entities/entity-definition';
import {
  type FaultSettings,
  type MutationSettings,
  type PaginationStyle,
  type WebhookSettings,
} from '../admin-api';
import { EntityStore } from '../store/entity-store';
import { seedTimeline } from '../store/seed-timeline';
import { type RecordForm, RecordRenderer, type ReferenceTarget } from './record-renderer';

export interface OrgEntity {
  readonly definition: EntityDefinition;
  readonly store: EntityStore;
}

/** What an org is created from: identity, credentials, seed and size, first API style. */
interface OrgBasis {
  readonly id: string;
  readonly token: string;
  readonly webhookSecret: string;
  readonly connector: ConnectorName;
  /** Records it is seeded with (references point into that range). */
  readonly records: number;
  readonly seed: number;
  readonly pagination: PaginationStyle;
}

export interface OrgInit extends OrgBasis {
  readonly clock: () => number;
  /** Entity stores to continue from (a saved state) instead of seeding them. */
  readonly stores?: ReadonlyMap<EntityName, EntityStore>;
}

/** An org as the state file keeps it, apart from its entity stores. */
export interface OrgState extends OrgBasis {
  readonly faults: FaultSettings;
  readonly webhooks: WebhookSettings;
  readonly mutations: MutationSettings;
  /** `Rng.state` of the mutation and fault generators. */
  readonly mutationRng: number;
  readonly faultRng: number;
  /** The org's clock so far (it never goes back). */
  readonly lastNowMs: number;
  readonly mutationsSinceBurst: number;
}

export const DEFAULT_FAULTS: FaultSettings = {
  rate429: 0,
  retryAfterSeconds: 1,
  retryAfterStyle: 'seconds',
  rate5xx: 0,
  rateReset: 0,
  rateSlow: 0,
  slowMs: 2_000,
  rateTimeout: 0,
  rateTruncated: 0,
};

export const DEFAULT_WEBHOOKS: WebhookSettings = {
  url: null,
  duplicateRate: 0,
  reorder: false,
  delayMs: 0,
  maxDelayMs: 0,
  retry: null,
};

export const DEFAULT_MUTATIONS: MutationSettings = { perMinute: 0, lateMs: 60_000, tieBurstEvery: 50 };

/** One tenant: its credentials, run-time settings and the state of each of its entities. */
export class Org {
  readonly id: string;
  readonly token: string;
  readonly webhookSecret: string;
  readonly connector: ConnectorName;
  readonly records: number;
  readonly seed: number;
  readonly entities: ReadonlyMap<EntityName, OrgEntity>;
  pagination: PaginationStyle;
  faults: FaultSettings = DEFAULT_FAULTS;
  webhooks: WebhookSettings = DEFAULT_WEBHOOKS;
  mutations: MutationSettings = DEFAULT_MUTATIONS;
  /** Background mutations since the last tie burst (see `MutationStream`). */
  mutationsSinceBurst = 0;
  /** Choices of mutations (which records, which kinds); separate from faults so they do not interfere. */
  readonly mutationRng: Rng;
  readonly faultRng: Rng;
  private readonly renderer: RecordRenderer;
  private readonly clock: () => number;
  private lastNowMs = 0;

  constructor(init: OrgInit) {
    this.id = init.id;
    this.token = init.token;
    this.webhookSecret = init.webhookSecret;
    this.connector = init.connector;
    this.records = init.records;
    this.seed = init.seed;
    this.pagination = init.pagination;
    this.clock = init.clock;
    this.mutationRng = new Rng(hashInts(init.seed, 0x6d75));
    this.faultRng = new Rng(hashInts(init.seed, 0x6661));
    const counts = splitRecords(init.connector, init.records);
    const entities = new Map<EntityName, OrgEntity>();
    const targets = new Map<EntityName, ReferenceTarget>();
    for (const definition of CONNECTOR_ENTITIES[init.connector]) {
      const seeded = counts.get(definition.name) ?? 1;
      const store = init.stores
        ? init.stores.get(definition.name)
        : seededStore(init.seed, definition, seeded);
      if (!store) throw new Error(`Org ${init.id} has no saved ${definition.name}`);
      entities.set(definition.name, { definition, store });
      targets.set(definition.name, { prefix: definition.prefix, seeded });
    }
    this.entities = entities;
    this.renderer = new RecordRenderer(init.seed, targets);
  }

  /** An org continuing from its saved state and stores, as it was when saved. */
  static resume(state: OrgState, stores: ReadonlyMap<EntityName, EntityStore>, clock: () => number): Org {
    const org = new Org({ ...state, clock, stores });
    org.faults = state.faults;
    org.webhooks = state.webhooks;
    org.mutations = state.mutations;
    org.mutationRng.reseed(state.mutationRng);
    org.faultRng.reseed(state.faultRng);
    org.lastNowMs = state.lastNowMs;
    org.mutationsSinceBurst = state.mutationsSinceBurst;
    return org;
  }

  /** What the state file keeps of the org (its stores apart). */
  state(): OrgState {
    return {
      id: this.id,
      token: this.token,
      webhookSecret: this.webhookSecret,
      connector: this.connector,
      records: this.records,
      seed: this.seed,
      pagination: this.pagination,
      faults: this.faults,
      webhooks: this.webhooks,
      mutations: this.mutations,
      mutationRng: this.mutationRng.state,
      faultRng: this.faultRng.state,
      lastNowMs: this.lastNowMs,
      mutationsSinceBurst: this.mutationsSinceBurst,
    };
  }

  /** The entity by its API name, when this org serves it. */
  entity(name: string): OrgEntity | undefined {
    return this.entities.get(name as EntityName);
  }

  /** The clock, never going back: writes of one org keep their order even if the host clock jumps. */
  now(): number {
    this.lastNowMs = Math.max(this.lastNowMs, Math.floor(this.clock()));
    return this.lastNowMs;
  }

  render(entity: OrgEntity, slot: number, form: RecordForm): Record<string, unknown> {
    return this.renderer.render(entity.definition, entity.store, slot, form);
  }

  /** Live records per entity. */
  liveCounts(): Partial<Record<EntityName, number>> {
    const counts: Partial<Record<EntityName, number>> = {};
    for (const [name, { store }] of this.entities) counts[name] = store.liveCount;
    return counts;
  }
}

function seededStore(seed: number, definition: EntityDefinition, count: number): EntityStore {
  const rng = new Rng(hashInts(seed, ENTITY_NAMES.indexOf(definition.name), 0x74696d65));
  const { created, updated } = seedTimeline(count, rng);
  return new EntityStore(created, updated);
}
