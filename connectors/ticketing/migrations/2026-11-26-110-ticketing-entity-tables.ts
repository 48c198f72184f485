import type { Kysely } from 'kysely';
import { createEntityTableV1 } from '../../../db/migrations/helpers/entity-table-v1';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await createEntityTableV1(db, 'ticketing_projects', (table) =>
    table
      .addColumn('key', 'text', (col) => col.notNull())
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('description', 'text')
      .addColumn('archived', 'boolean', (col) => col.notNull())
      .addColumn('lead_email', 'text')
      .addColumn('source_created_at', 'timestamptz', (col) => col.notNull()),
  );
  await createEntityTableV1(db, 'ticketing_tickets', (table) =>
    table
      .addColumn('project_id', 'text', (col) => col.notNull())
      .addColumn('parent_ticket_id', 'text')
      .addColumn('title', 'text', (col) => col.notNull())
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('priority', 'text', (col) => col.notNull())
      .addColumn('assignee_email', 'text')
      .addColumn('labels', 'jsonb', (col) => col.notNull())
      .addColumn('story_points', 'numeric(6, 1)')
      .addColumn('due_date', 'date')
      .addColumn('source_created_at', 'timestamptz', (col) => col.notNull()),
  );
  await createEntityTableV1(db, 'ticketing_comments', (table) =>
    table
      .addColumn('ticket_id', 'text', (col) => col.notNull())
      .addColumn('author_email', 'text', (col) => col.notNull())
      .addColumn('body', 'text', (col) => col.notNull())
      .addColumn('edited', 'boolean', (col) => col.notNull())
      .addColumn('source_created_at', 'timestamptz', (col) => col.notNull()),
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['ticketing_comments', 'ticketing_tickets', 'ticketing_projects']) {
    await db.schema.dropTable(table).execute();
  }
}
