import { sql, type Kysely } from 'kysely';
import type { Database } from '../database';

/** How many rows an org has in one entity table: live ones and soft-deleted ones. */
export interface EntityRowCounts {
  readonly live: number;
  readonly deleted: number;
}

/** Counts an org's rows of one entity table (a scan of the org's part of the primary key). */
export async function countEntityRows(
  db: Kysely<Database>,
  table: string,
  orgId: string,
): Promise<EntityRowCounts> {
  const { rows } = await sql<EntityRowCounts>`
    select count(*) filter (where deleted_at is null)::int as live,
           count(*) filter (where deleted_at is not null)::int as deleted
    from ${sql.table(table)} where org_id = ${orgId}`.execute(db);
  return rows[0] ?? { live: 0, deleted: 0 };
}
