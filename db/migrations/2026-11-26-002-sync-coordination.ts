import { type Kysely, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Page writes compare-and-set the cursor on this counter: a superseded activity attempt (a
  // zombie whose heartbeat timed out) cannot move a cursor that a newer attempt already moved.
  await db.schema
    .alterTable('sync_cursors')
    .addColumn('revision', 'bigint', (col) => col.notNull().defaultTo(0))
    .execute();

  // A quarantined record heals only when a valid version at least this new is stored: a stale
  // valid page must not clear the quarantine of a newer broken version.
  await db.schema.alterTable('quarantine').addColumn('source_updated_at', 'timestamptz').execute();

  // Requests per second the organization's API allows us, shared by all of its concurrent syncs.
  await db.schema
    .alterTable('organizations')
    .addColumn('requests_per_second', 'double precision', (col) =>
      col
        .notNull()
        .defaultTo(20)
        .check(sql`requests_per_second > 0`),
    )
    .execute();

  // A token bucket per organization, refilled lazily on each take; `blocked_until` holds every
  // sync of the org back after the API answered 429 with a Retry-After.
  await db.schema
    .createTable('org_rate_budgets')
    .addColumn('org_id', 'text', (col) => col.primaryKey().references('organizations.id').onDelete('cascade'))
    .addColumn('tokens', 'double precision', (col) => col.notNull())
    .addColumn('refilled_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`clock_timestamp()`))
    .addColumn('blocked_until', 'timestamptz')
    .execute();

  // One writer per (org, sync kind): the running workflow holds the lease; a trigger that finds it
  // held asks the holder to run once more instead of running beside it.
  await db.schema
    .createTable('sync_leases')
    .addColumn('org_id', 'text', (col) => col.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('holder_workflow_id', 'text', (col) => col.notNull())
    .addColumn('holder_run_id', 'text', (col) => col.notNull())
    .addColumn('acquired_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('rerun_requested', 'boolean', (col) => col.notNull().defaultTo(false))
    .addPrimaryKeyConstraint('sync_leases_pkey', ['org_id', 'kind'])
    .execute();

  // Reconciliation streams the source's ID listing here, then decides deletions and repairs in SQL
  // (worker memory stays flat whatever the entity's size).
  await db.schema
    .createTable('reconcile_listings')
    .addColumn('sync_id', 'text', (col) => col.notNull())
    .addColumn('org_id', 'text', (col) => col.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('entity', 'text', (col) => col.notNull())
    .addColumn('external_id', 'text', (col) => col.notNull())
    .addColumn('source_updated_at', 'timestamptz', (col) => col.notNull())
    // The anti-join against the entity table, the heal scan (keyset on external_id) and the
    // idempotent re-insert of a retried page all go through this key.
    .addPrimaryKeyConstraint('reconcile_listings_pkey', ['sync_id', 'entity', 'external_id'])
    .execute();
  // Removing an org's or a finished run's listing deletes by org.
  await db.schema
    .createIndex('reconcile_listings_org_idx')
    .on('reconcile_listings')
    .column('org_id')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('reconcile_listings').execute();
  await db.schema.dropTable('sync_leases').execute();
  await db.schema.dropTable('org_rate_budgets').execute();
  await db.schema.alterTable('organizations').dropColumn('requests_per_second').execute();
  await db.schema.alterTable('quarantine').dropColumn('source_updated_at').execute();
  await db.schema.alterTable('sync_cursors').dropColumn('revision').execute();
}
