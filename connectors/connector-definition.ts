import type { Insertable, Migration } from 'kysely';
import type { z } from 'zod';
import type { PaginationStyle } from './api-client/types';

/** PostgreSQL types an entity column may have; the engine casts bulk-write arrays to them. */
export const COLUMN_TYPES = [
  'text',
  'integer',
  'numeric',
  'boolean',
  'date',
  'timestamptz',
  'jsonb',
] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** Columns every entity table has, owned by the engine rather than by the connector's transform. */
export interface EntityTableBase {
  org_id: string;
  /** The record's id at the source; unique per org, not across orgs. */
  external_id: string;
  /** The record's delta field (`updated_at`) at the source: monotonic writes compare it. */
  source_updated_at: Date;
  /** When this engine first stored the record; reconciliation keeps rows first seen after its listing began. */
  first_seen_at: Date;
  last_synced_at: Date;
  /** Soft deletion: set by reconciliation or a 404, cleared when the record reappears. */
  deleted_at: Date | null;
}

export type EngineColumn = keyof EntityTableBase;

/** The columns a connector's transform fills: the entity table's insert shape minus the engine's columns. */
export type EntityRow<Table> = Omit<Insertable<Table>, EngineColumn>;

/** A transformed record as it will be written: its columns, plus the keys the engine needs. */
export interface TransformedRecord<Row> {
  readonly externalId: string;
  /** ISO 8601 value of the entity's delta sync field. */
  readonly sourceUpdatedAt: string;
  readonly row: Row;
}

/**
 * One entity of a connector: where the API serves it, what its records look like, and how a
 * record becomes a row of its table.
 */
// Defaults are `any`: connectors' entities differ in record and row types, and the engine handles
// them uniformly (it validates with `schema` and writes what `transform` returns).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface EntityDefinition<Record = any, Row extends object = any> {
  /** The entity's name in the API and in sync cursors, e.g. `people`. */
  readonly name: string;
  /** Entities that must be synced before this one; may name itself (self-references). */
  readonly dependsOn: readonly string[];
  readonly paths: {
    /** List endpoint, e.g. `/v1/people`. */
    readonly list: string;
    /** Single-record endpoint with an `{id}` placeholder, e.g. `/v1/people/{id}`. */
    readonly get: string;
    /** ID listing endpoint, e.g. `/v1/people/ids`. */
    readonly ids: string;
  };
  /** The record field holding its last-change time; `updated_at` when unset. */
  readonly deltaSyncField?: string;
  /** The API's canonical record. */
  readonly schema: z.ZodType<Record>;
  /** The entity's table (migrations create it). */
  readonly table: string;
  /** Every column the transform fills, with its PostgreSQL type. */
  readonly columns: { readonly [K in keyof Row]-?: ColumnType };
  /** The record as a row of `table` (without the engine's columns). Pure and deterministic. */
  readonly transform: (record: Record) => Row;
  /** The record's id; `record.id` when unset. */
  readonly externalIdOf?: (record: Record) => string;
}

/** A connector: one API's entities, their tables' migrations, and how it authenticates. */
export interface ConnectorDefinition {
  /** e.g. `hr`; stored on each organization. */
  readonly name: string;
  readonly description: string;
  /** The API's pagination style, or `auto` to recognise it from responses. */
  readonly pagination: PaginationStyle | 'auto';
  /** Page size the engine asks for. */
  readonly pageSize: number;
  readonly entities: readonly EntityDefinition[];
  /** Migrations that create and evolve this connector's entity tables, by date-prefixed name. */
  readonly migrations: Readonly<Record<string, Migration>>;
}

/** Typed constructor: checks `columns` and `transform` against the entity's table type. */
export function defineEntity<Record, Row extends object>(
  definition: EntityDefinition<Record, Row>,
): EntityDefinition<Record, Row> {
  return definition;
}
