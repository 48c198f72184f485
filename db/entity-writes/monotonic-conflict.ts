import { sql, type RawBuilder } from 'kysely';

export interface MonotonicConflictOptions {
  /** Also revive soft-deleted rows whose stored version is not older (reconciliation). */
  readonly reviveSameVersion: boolean;
  /** False only under the chaos suite's `no-monotonic` test switch: then any version overwrites. */
  readonly monotonic: boolean;
}

/** The engine's own columns an insert of entity rows fills, before the entity's columns. */
export const ENGINE_INSERT_COLUMNS = sql`org_id, external_id, source_updated_at, first_seen_at, last_synced_at, deleted_at`;

/**
 * The `on conflict … do update … where …` of every monotonic entity write (the table aliased `t`):
 * a stored row is replaced only by a newer `source_updated_at`, or the same one with different
 * contents; a soft-deleted row only by a strictly newer version (or, with `reviveSameVersion`, the
 * same one). Shared by the page upsert and the benchmark's write variants, so they measure one rule.
 */
export function monotonicConflictClause(
  columns: readonly string[],
  options: MonotonicConflictOptions,
): RawBuilder<unknown> {
  const names = columns.map((name) => sql.id(name));
  const stored = sql.join(names.map((name) => sql`t.${name}`));
  const incoming = sql.join(names.map((name) => sql`excluded.${name}`));
  return sql`
      on conflict (org_id, external_id) do update set
        ${sql.join(names.map((name) => sql`${name} = excluded.${name}`))},
        source_updated_at = excluded.source_updated_at,
        last_synced_at = excluded.last_synced_at,
        deleted_at = null
      where not ${options.monotonic}
         or t.source_updated_at < excluded.source_updated_at
         or (t.source_updated_at = excluded.source_updated_at and t.deleted_at is null
             and (${stored}) is distinct from (${incoming}))
         or (${options.reviveSameVersion} and t.deleted_at is not null and t.source_updated_at <= excluded.source_updated_at)`;
}
