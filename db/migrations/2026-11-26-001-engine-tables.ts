import { type Kysely, sql } from 'kysely';

// Migrations are frozen history: they take Kysely<any> and import no application code.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organizations')
    .addColumn('id', 'text', (col) => col.primaryKey().check(sql`id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'`))
    .addColumn('name', 'text', (col) => col.notNull().check(sql`length(name) between 1 and 200`))
    .addColumn('connector', 'text', (col) => col.notNull())
    .addColumn('api_base_url', 'text', (col) => col.notNull())
    .addColumn('time_zone', 'text', (col) => col.notNull().defaultTo('UTC'))
    .addColumn('credentials_ciphertext', 'text', (col) => col.notNull())
    .addColumn('webhook_secret_ciphertext', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('sync_cursors')
    .addColumn('org_id', 'text', (col) => col.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('entity', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) =>
      col.notNull().check(sql`kind in ('full', 'delta', 'reconcile', 'record')`),
    )
    .addColumn('cursor', 'jsonb', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    // The engine reads and writes cursors only by this key: the primary key is the index it needs.
    .addPrimaryKeyConstraint('sync_cursors_pkey', ['org_id', 'entity', 'kind'])
    .execute();

  await db.schema
    .createTable('sync_runs')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('workflow_id', 'text', (col) => col.notNull())
    .addColumn('run_id', 'text', (col) => col.notNull())
    .addColumn('org_id', 'text', (col) => col.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('kind', 'text', (col) =>
      col.notNull().check(sql`kind in ('full', 'delta', 'reconcile', 'record')`),
    )
    .addColumn('entity', 'text')
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('running', 'succeeded', 'failed', 'held', 'cancelled', 'skipped')`),
    )
    .addColumn('started_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addColumn('fetched', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('upserted', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('unchanged', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('quarantined', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('deleted', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('revived', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .execute();
  // A retried activity records its run again: one row per (run, entity) makes that an upsert.
  await sql`create unique index sync_runs_run_entity_key on sync_runs (run_id, coalesce(entity, ''))`.execute(
    db,
  );
  // `status` and verify ask "the last runs of this org and kind, newest first".
  await db.schema
    .createIndex('sync_runs_org_kind_started_idx')
    .on('sync_runs')
    .columns(['org_id', 'kind', 'started_at desc'])
    .execute();
  // "What runs now / what waits for approval" across the fleet touches only these few rows.
  await db.schema
    .createIndex('sync_runs_active_idx')
    .on('sync_runs')
    .columns(['org_id', 'status'])
    .where(sql.ref('status'), 'in', ['running', 'held'])
    .execute();

  await db.schema
    .createTable('quarantine')
    .addColumn('org_id', 'text', (col) => col.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('entity', 'text', (col) => col.notNull())
    .addColumn('external_id', 'text', (col) => col.notNull())
    .addColumn('payload', 'jsonb', (col) => col.notNull())
    .addColumn('error', 'text', (col) => col.notNull())
    .addColumn('first_seen_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('count', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('resolved_at', 'timestamptz')
    // Quarantining upserts by this key, and healing a record resolves it by this key.
    .addPrimaryKeyConstraint('quarantine_pkey', ['org_id', 'entity', 'external_id'])
    .execute();
  // Operators list and count what is still quarantined per org; resolved rows are history.
  await db.schema
    .createIndex('quarantine_unresolved_idx')
    .on('quarantine')
    .columns(['org_id', 'entity'])
    .where(sql.ref('resolved_at'), 'is', null)
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['quarantine', 'sync_runs', 'sync_cursors', 'organizations']) {
    await db.schema.dropTable(table).execute();
  }
}
