import { type Rng } from '../core/prng';

/** Every entity the sandbox serves, across connectors. */
export const ENTITY_NAMES = [
  'locations',
  'departments',
  'people',
  'time_off_requests',
  'projects',
  'tickets',
  'comments',
] as const;
export type EntityName = (typeof ENTITY_NAMES)[number];

/** Fields every record has. */
export interface BaseRecord {
  readonly id: string;
  /** ISO 8601 UTC with milliseconds. */
  readonly created_at: string;
  /** ISO 8601 UTC with milliseconds; lists are sorted by it, then by id. */
  readonly updated_at: string;
}

/**
 * What a record is rendered from. Contents are a pure function of these, so nothing but the
 * timestamps, version and flags is stored per record.
 */
export interface RecordSource {
  readonly id: string;
  readonly slot: number;
  /** 0 when seeded or created; +1 on each update. */
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Randomness fixed for the record's life: names, keys, what it belongs to. */
  readonly stable: Rng;
  /** Randomness of the record's current version: what updates change. */
  readonly current: Rng;
  /** The id of a random seeded record of `entity`. */
  ref(entity: EntityName, rng: Rng): string;
  /** The id of a random lower-numbered record of the same entity; null for the first record. */
  lowerRef(rng: Rng): string | null;
}

/** One way to make a record schema-invalid: a data field set to a value of the wrong type or enum. */
export interface Corruption {
  readonly path: readonly string[];
  readonly value: unknown;
}

export interface EntityDefinition<R extends BaseRecord = BaseRecord> {
  readonly name: EntityName;
  /** Id prefix, e.g. `per` for `per_0000042`. */
  readonly prefix: string;
  /** Share of an org's records this entity gets at seeding. */
  readonly share: number;
  /** Renders the record's valid form. */
  render(source: RecordSource): R;
  /** Ways a malformed copy of this record can be broken; never `id`, `created_at` or `updated_at`. */
  readonly corruptions: readonly Corruption[];
}
