import { COLUMN_TYPES, type ConnectorDefinition, type EntityDefinition } from './connector-definition';
import { ConnectorDefinitionError, UnknownEntityError } from './connector-errors';
import { orderByDependencies } from './dependency-order';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const RESERVED_COLUMNS = [
  'org_id',
  'external_id',
  'source_updated_at',
  'first_seen_at',
  'last_synced_at',
  'deleted_at',
];

/** A connector whose declaration was checked, with its sync order derived. */
export interface LoadedConnector {
  readonly definition: ConnectorDefinition;
  readonly name: string;
  /** Every entity, dependencies first. */
  readonly order: readonly string[];
  /** Entities grouped so that each group depends only on earlier groups. */
  readonly levels: readonly (readonly string[])[];
  entity(name: string): EntityDefinition;
  /** The named entities (all when empty or undefined), in dependency order. */
  entitiesInOrder(names?: readonly string[]): readonly EntityDefinition[];
}

/**
 * Checks a connector declaration and derives its order. Throws ConnectorDefinitionError naming
 * the problem: a duplicate entity or table, an unknown dependency, a dependency cycle (as a path),
 * a column that clashes with the engine's or has an unknown type, a path without `{id}`.
 */
export function loadConnector(definition: ConnectorDefinition): LoadedConnector {
  const fail = (message: string): never => {
    throw new ConnectorDefinitionError(definition.name, message);
  };
  const byName = new Map<string, EntityDefinition>();
  const tables = new Set<string>();
  for (const entity of definition.entities) {
    if (byName.has(entity.name)) fail(`entity "${entity.name}" is declared twice`);
    if (!IDENTIFIER.test(entity.table))
      fail(`entity "${entity.name}" has an invalid table name "${entity.table}"`);
    if (tables.has(entity.table)) fail(`table "${entity.table}" is used by two entities`);
    if (!entity.paths.get.includes('{id}')) fail(`entity "${entity.name}": paths.get must contain {id}`);
    checkColumns(entity, fail);
    byName.set(entity.name, entity);
    tables.add(entity.table);
  }
  if (!(definition.pageSize >= 1 && definition.pageSize <= 10_000)) fail(`pageSize must be 1..10000`);

  const ordered = orderByDependencies(definition.entities);
  if (!ordered.ok) {
    if ('cycle' in ordered) fail(`entities depend on each other in a cycle: ${ordered.cycle.join(' → ')}`);
    else fail(`entity "${ordered.unknown.node}" depends on unknown entity "${ordered.unknown.dependency}"`);
  }
  const { order, levels } = ordered as Extract<typeof ordered, { ok: true }>;

  const entity = (name: string): EntityDefinition => {
    const found = byName.get(name);
    if (!found) throw new UnknownEntityError(definition.name, name, order);
    return found;
  };
  return {
    definition,
    name: definition.name,
    order,
    levels,
    entity,
    entitiesInOrder(names) {
      if (!names || names.length === 0) return order.map(entity);
      const wanted = new Set(names.map((name) => entity(name).name));
      return order.filter((name) => wanted.has(name)).map(entity);
    },
  };
}

function checkColumns(entity: EntityDefinition, fail: (message: string) => never): void {
  const columns = Object.entries(entity.columns as Record<string, string>);
  if (columns.length === 0) fail(`entity "${entity.name}" declares no columns`);
  for (const [column, type] of columns) {
    if (!IDENTIFIER.test(column)) fail(`entity "${entity.name}": invalid column name "${column}"`);
    if (RESERVED_COLUMNS.includes(column))
      fail(`entity "${entity.name}": column "${column}" is the engine's`);
    if (!(COLUMN_TYPES as readonly string[]).includes(type)) {
      fail(`entity "${entity.name}": column "${column}" has unknown type "${type}"`);
    }
  }
}
