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

export interface OrgInit {
  readonly id: string;
  readonly token: string;
  readonly webhookSecret: string;
  readonly connector: ConnectorName;
  readonly records: number;
  readonly seed: number;
  readonly pagination: PaginationStyle;
  readonly clock: () => number;
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
};

export const DEFAULT_MUTATIONS: MutationSettings = { perMinute: 0, lateMs: 60_000, tieBurstEvery: 50 };

/** One tenant: its credentials, run-time settings and the state of each of its entities. */
export class Org {
  readonly id: string;
  readonly token: string;
  readonly webhookSecret: string;
  readonly connector: ConnectorName;
  readonly seed: number;
  readonly entities: ReadonlyMap<EntityName, OrgEntity>;
  pagination: PaginationStyle;
  faults: FaultSettings = DEFAULT_FAULTS;
  webhooks: WebhookSettings = DEFAULT_WEBHOOKS;
  mutations: MutationSettings = DEFAULT_MUTATIONS;
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
      const rng = new Rng(hashInts(init.seed, ENTITY_NAMES.indexOf(definition.name), 0x74696d65));
      const { created, updated } = seedTimeline(seeded, rng);
      entities.set(definition.name, { definition, store: new EntityStore(created, updated) });
      targets.set(definition.name, { prefix: definition.prefix, seeded });
    }
    this.entities = entities;
    this.renderer = new RecordRenderer(init.seed, targets);
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
