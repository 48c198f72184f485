import { sql, type Kysely } from 'kysely';
import { connectorNames, getConnector } from '../../connectors/registry';
import type { Database } from '../../db/database';
import { BenchCheckError } from '../errors';
import type { BenchStack } from '../stack/bench-stack';
import type { BenchOrg } from './bench-orgs';

/** Every connector's entity tables. */
function entityTables(): string[] {
  return connectorNames().flatMap((name) =>
    getConnector(name)
      .entitiesInOrder()
      .map((entity) => entity.table),
  );
}

/**
 * Empties every entity table (and the reconciliation listings), then checkpoints: each measurement
 * starts from the same empty tables and does not pay for the previous one's dirty pages.
 */
export async function emptyEntityTables(db: Kysely<Database>): Promise<void> {
  await sql`truncate table ${sql.join([...entityTables(), 'reconcile_listings', 'reconcile_completed_listings'].map((t) => sql.table(t)))}`.execute(
    db,
  );
  // Needs superuser rights, which a shared server may not grant: then the next checkpoint comes when it comes.
  await sql`checkpoint`.execute(db).catch(() => undefined);
}

/** Live rows per org and entity, in the database. */
async function liveRows(db: Kysely<Database>): Promise<Map<string, Record<string, number>>> {
  const counts = new Map<string, Record<string, number>>();
  for (const entity of getConnector('hr').entitiesInOrder()) {
    const { rows } = await sql<{ org_id: string; count: number }>`
      select org_id, count(*)::int as count from ${sql.table(entity.table)}
      where deleted_at is null group by org_id`.execute(db);
    for (const row of rows) counts.set(row.org_id, { ...counts.get(row.org_id), [entity.name]: row.count });
  }
  return counts;
}

/** Checks that the database holds exactly as many live rows per entity as the sandbox has records. */
export async function expectSynced(stack: BenchStack, orgs: readonly BenchOrg[]): Promise<void> {
  const truth = new Map((await stack.sandbox.admin.listOrgs()).map((org) => [org.id, org.records]));
  const stored = await liveRows(stack.db);
  for (const org of orgs) {
    const rows = stored.get(org.orgId) ?? {};
    for (const [entity, count] of Object.entries(truth.get(org.sandboxOrg.id) ?? {})) {
      if (rows[entity] !== count) {
        throw new BenchCheckError(
          `${entity}: ${rows[entity] ?? 0} live rows, the sandbox has ${count} records`,
          `org ${org.orgId}`,
        );
      }
    }
  }
}
