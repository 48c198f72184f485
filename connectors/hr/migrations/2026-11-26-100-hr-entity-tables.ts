import type { Kysely } from 'kysely';
import { createEntityTableV1 } from '../../../db/migrations/helpers/entity-table-v1';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await createEntityTableV1(db, 'hr_locations', (table) =>
    table
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('country_code', 'text', (col) => col.notNull())
      .addColumn('timezone', 'text', (col) => col.notNull())
      .addColumn('address_line1', 'text', (col) => col.notNull())
      .addColumn('address_city', 'text', (col) => col.notNull())
      .addColumn('address_postal_code', 'text')
      .addColumn('headcount_capacity', 'integer')
      .addColumn('source_created_at', 'timestamptz', (col) => col.notNull()),
  );
  await createEntityTableV1(db, 'hr_departments', (table) =>
    table
      .addColumn('name', 'text', (col) => col.notNull())
      .addColumn('parent_department_id', 'text')
      .addColumn('location_id', 'text', (col) => col.notNull())
      .addColumn('cost_center', 'text')
      .addColumn('budget', 'numeric(14, 2)', (col) => col.notNull())
      .addColumn('source_created_at', 'timestamptz', (col) => col.notNull()),
  );
  await createEntityTableV1(db, 'hr_people', (table) =>
    table
      .addColumn('first_name', 'text', (col) => col.notNull())
      .addColumn('last_name', 'text', (col) => col.notNull())
      .addColumn('email', 'text', (col) => col.notNull())
      .addColumn('employment_type', 'text', (col) => col.notNull())
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('department_id', 'text', (col) => col.notNull())
      .addColumn('location_id', 'text', (col) => col.notNull())
      .addColumn('manager_id', 'text')
      .addColumn('hire_date', 'date', (col) => col.notNull())
      .addColumn('termination_date', 'date')
      .addColumn('salary_amount', 'numeric(14, 2)', (col) => col.notNull())
      .addColumn('salary_currency', 'text', (col) => col.notNull())
      .addColumn('skills', 'jsonb', (col) => col.notNull())
      .addColumn('source_created_at', 'timestamptz', (col) => col.notNull()),
  );
  await createEntityTableV1(db, 'hr_time_off_requests', (table) =>
    table
      .addColumn('person_id', 'text', (col) => col.notNull())
      .addColumn('approver_id', 'text')
      .addColumn('type', 'text', (col) => col.notNull())
      .addColumn('status', 'text', (col) => col.notNull())
      .addColumn('start_date', 'date', (col) => col.notNull())
      .addColumn('end_date', 'date', (col) => col.notNull())
      .addColumn('days', 'numeric(6, 1)', (col) => col.notNull())
      .addColumn('note', 'text')
      .addColumn('source_created_at', 'timestamptz', (col) => col.notNull()),
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['hr_time_off_requests', 'hr_people', 'hr_departments', 'hr_locations']) {
    await db.schema.dropTable(table).execute();
  }
}
