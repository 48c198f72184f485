import { sql, type Kysely } from 'kysely';
import type { ApiClient } from '../../../connectors/api-client/types';
import { validateRecords } from '../../../connectors/api-client';
import type { ColumnType, EntityDefinition } from '../../../connectors/connector-definition';
import { deltaFieldOf, externalIdOf } from '../../../connectors/record-keys';
import type { Database } from '../../../db/database';
import { count, type DifferenceTally, emptyTally } from './difference-tally';

/** A column value from either side, in one comparable form. */
function normalise(value: unknown, type: ColumnType): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'timestamptz') return new Date(value as string | Date).toISOString();
  if (type === 'numeric' || type === 'integer') return Number(value);
  if (type === 'jsonb') return JSON.stringify(value);
  return value;
}

/**
 * `verify --deep`: reads every record from the API a page at a time and compares each field with
 * its stored row (rows looked up by the page's ids). Only rows stored at the same version count:
 * a different version is already "stale" (and classified there). A difference at the same version
 * is never pending: the engine has stored this very version, so no change it has yet to see can
 * explain it. It is drift unless the record waits in quarantine.
 */
export async function compareFields(
  db: Kysely<Database>,
  client: ApiClient,
  orgId: string,
  entity: EntityDefinition,
  options: { readonly sampleSize: number; readonly quarantined: ReadonlySet<string> },
): Promise<DifferenceTally> {
  const tally = emptyTally();
  const columns = Object.entries(entity.columns as Record<string, ColumnType>);
  for await (const page of client.paginate({ path: entity.paths.list, limit: 500 })) {
    const { valid } = validateRecords(entity.name, entity.schema, page.records);
    if (valid.length === 0) continue;
    const ids = valid.map(({ record }) => externalIdOf(entity, record));
    const { rows } = await sql<Record<string, unknown>>`
      select * from ${sql.table(entity.table)}
      where org_id = ${orgId} and deleted_at is null and external_id = any(${ids}::text[])`.execute(db);
    const byId = new Map(rows.map((row) => [String(row.external_id), row]));
    for (const { record } of valid) {
      const id = externalIdOf(entity, record);
      const updatedAt = String((record as Record<string, unknown>)[deltaFieldOf(entity)]);
      const row = byId.get(id);
      if (!row || (row.source_updated_at as Date).getTime() !== Date.parse(updatedAt)) continue;
      const expected = entity.transform(record) as Record<string, unknown>;
      const same = columns.every(
        ([name, type]) => normalise(row[name], type) === normalise(expected[name], type),
      );
      if (!same) count(tally, options.quarantined.has(id) ? 'quarantined' : 'drift', id, options.sampleSize);
    }
  }
  return tally;
}
