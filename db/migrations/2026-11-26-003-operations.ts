import { type Kysely, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // The nightly reconciliation runs at this hour of the org's own time zone.
  await db.schema
    .alterTable('organizations')
    .addColumn('reconcile_hour', 'integer', (col) =>
      col
        .notNull()
        .defaultTo(2)
        .check(sql`reconcile_hour between 0 and 23`),
    )
    .execute();

  // Webhook deliveries already handed to Temporal, by the sender's webhook-id: a redelivery of the
  // same event (senders retry, and some send twice) is acknowledged without starting a second sync.
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('org_id', 'text', (col) => col.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('webhook_id', 'text', (col) => col.notNull())
    .addColumn('received_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    // Dedupe looks a delivery up by (org, webhook-id): the primary key.
    .addPrimaryKeyConstraint('webhook_deliveries_pkey', ['org_id', 'webhook_id'])
    .execute();
  // Old deliveries are pruned by age (senders stop retrying after a day or so).
  await db.schema
    .createIndex('webhook_deliveries_received_idx')
    .on('webhook_deliveries')
    .column('received_at')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('webhook_deliveries').execute();
  await db.schema.alterTable('organizations').dropColumn('reconcile_hour').execute();
}
