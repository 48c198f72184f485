import { type CreateTableBuilder, type Kysely, sql } from 'kysely';

// Frozen: migrations that use this helper must keep building the same tables forever. A change
// of shape gets a new helper (entity-table-v2.ts), never an edit here.

/**
 * Creates a connector entity table: the engine's columns, the entity's own columns, and the key
 * every engine query uses.
 */
export async function createEntityTableV1(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  table: string,
  addEntityColumns: (builder: CreateTableBuilder<string, string>) => CreateTableBuilder<string, string>,
): Promise<void> {
  const withEngineColumns = db.schema
    .createTable(table)
    .addColumn('org_id', 'text', (col) => col.notNull().references('organizations.id').onDelete('cascade'))
    // Byte order ("C"), whatever the database's collation: ids compare the same here, in the
    // API's id-ordered listings and in JavaScript, so verify can merge-join them on the index.
    .addColumn('external_id', sql`text collate "C"`, (col) => col.notNull())
    .addColumn('source_updated_at', 'timestamptz', (col) => col.notNull())
    .addColumn('first_seen_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('last_synced_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('deleted_at', 'timestamptz');
  await addEntityColumns(withEngineColumns)
    // Upserts, single-record syncs, reconciliation's anti-join and verify all look rows up by
    // (org, external id) or scan one org in id order: the primary key serves every one of them.
    // References between entities are plain columns, not foreign keys: a child may arrive before
    // its parent (webhooks, pagination order) and must be stored anyway.
    .addPrimaryKeyConstraint(`${table}_pkey`, ['org_id', 'external_id'])
    .execute();
}
