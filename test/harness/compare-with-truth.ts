import { sql } from 'kysely';
import type { ColumnType } from '../../connectors/connector-definition';
import { getConnector } from '../../connectors/registry';
import type { EngineStack } from './engine-stack';

export interface EntityDifference {
  readonly entity: string;
  readonly truth: number;
  readonly stored: number;
  /** At the source, not (live) in the database. */
  readonly missing: string[];
  /** Live in the database, not at the source. */
  readonly extra: string[];
  /** In both, with a different source updated_at or a different column. */
  readonly different: string[];
}

/** Normalises a column value from either side so equal data compares equal. */
function normalise(value: unknown, type: ColumnType | 'timestamptz'): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'timestamptz') return new Date(value as string | Date).toISOString();
  if (type === 'numeric' || type === 'integer') return Number(value);
  if (type === 'jsonb') return JSON.stringify(value);
  return value;
}

/**
 * Compares an org's live rows with the sandbox's ground truth, field by field, for every entity of
 * its connector. Loads both sides in memory: for test-sized orgs only.
 */
export async function compareWithTruth(
  stack: Pick<EngineStack, 'testDb' | 'sandbox'>,
  orgId: string,
  sandboxOrgId: string,
): Promise<EntityDifference[]> {
  const org = await stack.testDb.db
    .selectFrom('organizations')
    .select('connector')
    .where('id', '=', orgId)
    .executeTakeFirstOrThrow();
  const connector = getConnector(org.connector);
  const differences: EntityDifference[] = [];
  for (const entity of connector.entitiesInOrder()) {
    const columns = Object.entries(entity.columns as Record<string, ColumnType>);
    const truth = new Map<string, Record<string, unknown>>();
    for await (const record of stack.sandbox.admin.truth(sandboxOrgId, entity.name as never))
      truth.set(String(record.id), record);
    const { rows } = await sql<Record<string, unknown>>`
      select * from ${sql.table(entity.table)} where org_id = ${orgId} and deleted_at is null`.execute(
      stack.testDb.db,
    );
    const stored = new Map(rows.map((row) => [String(row.external_id), row]));
    const difference: EntityDifference = {
      entity: entity.name,
      truth: truth.size,
      stored: stored.size,
      missing: [],
      extra: [],
      different: [],
    };
    for (const [id, record] of truth) {
      const row = stored.get(id);
      if (!row) {
        difference.missing.push(id);
        continue;
      }
      const expected = entity.transform(entity.schema.parse(record)) as Record<string, unknown>;
      const same =
        normalise(row.source_updated_at, 'timestamptz') === normalise(record.updated_at, 'timestamptz') &&
        columns.every(([name, type]) => normalise(row[name], type) === normalise(expected[name], type));
      if (!same) difference.different.push(id);
    }
    for (const id of stored.keys()) if (!truth.has(id)) difference.extra.push(id);
    differences.push(difference);
  }
  return differences;
}

/** True when every entity matches; the differences otherwise, for a readable failure. */
export function summarise(differences: readonly EntityDifference[]) {
  return differences
    .filter((d) => d.missing.length + d.extra.length + d.different.length > 0)
    .map((d) => ({
      entity: d.entity,
      truth: d.truth,
      stored: d.stored,
      missing: d.missing.slice(0, 5),
      missingCount: d.missing.length,
      extra: d.extra.slice(0, 5),
      extraCount: d.extra.length,
      different: d.different.slice(0, 5),
      differentCount: d.different.length,
    }));
}
