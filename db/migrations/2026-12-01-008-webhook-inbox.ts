import { type Kysely, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // The durable inbox: a delivery is committed here before the receiver answers 202, and a
  // forwarder hands it to Temporal later, in `seq` order per org. It also is the dedupe memory,
  // so it replaces webhook_deliveries (whose rows are carried over as already forwarded).
  await db.schema
    .createTable('webhook_inbox')
    .addColumn('seq', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('org_id', 'text', (col) => col.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('webhook_id', 'text', (col) => col.notNull())
    // Null only for rows carried over from webhook_deliveries, which were forwarded already.
    .addColumn('entity', 'text')
    .addColumn('record_id', 'text')
    .addColumn('received_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('forwarded_at', 'timestamptz')
    .addUniqueConstraint('webhook_inbox_org_webhook_key', ['org_id', 'webhook_id'])
    .addCheckConstraint(
      'webhook_inbox_pending_has_ref',
      sql`forwarded_at is not null or (entity is not null and record_id is not null)`,
    )
    .execute();
  // The forwarder reads an org's pending rows in order; the partial index stays as small as the backlog.
  await sql`create index webhook_inbox_pending_idx on webhook_inbox (org_id, seq) where forwarded_at is null`.execute(
    db,
  );
  // Forwarded rows are pruned by age once the dedupe retention has passed.
  await sql`create index webhook_inbox_forwarded_idx on webhook_inbox (received_at) where forwarded_at is not null`.execute(
    db,
  );
  await sql`
    insert into webhook_inbox (org_id, webhook_id, received_at, forwarded_at)
    select org_id, webhook_id, received_at, received_at from webhook_deliveries
    order by received_at`.execute(db);
  await db.schema.dropTable('webhook_deliveries').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('org_id', 'text', (col) => col.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('webhook_id', 'text', (col) => col.notNull())
    .addColumn('received_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('webhook_deliveries_pkey', ['org_id', 'webhook_id'])
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_received_idx')
    .on('webhook_deliveries')
    .column('received_at')
    .execute();
  // Pending rows have not reached Temporal: they must not be remembered as handed over.
  await sql`
    insert into webhook_deliveries (org_id, webhook_id, received_at)
    select org_id, webhook_id, received_at from webhook_inbox where forwarded_at is not null`.execute(db);
  await db.schema.dropTable('webhook_inbox').execute();
}
