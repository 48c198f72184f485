import { type Kysely, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Which listing in reconcile_listings is the last completed one of an (org, entity): it stays
  // until the next reconciliation of that entity completes, so that `verify` can tell a deletion
  // the engine missed (the row is not in it although written before it began) from one that came
  // after it (see reconcile-listings.repository.ts).
  await db.schema
    .createTable('reconcile_completed_listings')
    .addColumn('org_id', 'text', (col) => col.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('entity', 'text', (col) => col.notNull())
    .addColumn('sync_id', 'text', (col) => col.notNull())
    .addColumn('listing_started_at', 'timestamptz', (col) => col.notNull())
    .addColumn('completed_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('reconcile_completed_listings_pkey', ['org_id', 'entity'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('reconcile_completed_listings').execute();
}
