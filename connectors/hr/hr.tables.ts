import type { ColumnType } from 'kysely';
import type { EntityTableBase } from '../connector-definition';

/** timestamptz: read as Date, written from the API's ISO string. */
type Timestamp = ColumnType<Date, string, string>;
/** jsonb: the engine serialises the JS value. */
type Json<T> = ColumnType<T, T, T>;

export interface HrLocationsTable extends EntityTableBase {
  name: string;
  country_code: string;
  timezone: string;
  address_line1: string;
  address_city: string;
  address_postal_code: string | null;
  headcount_capacity: number | null;
  source_created_at: Timestamp;
}

export interface HrDepartmentsTable extends EntityTableBase {
  name: string;
  parent_department_id: string | null;
  location_id: string;
  cost_center: string | null;
  budget: number;
  source_created_at: Timestamp;
}

export interface HrPeopleTable extends EntityTableBase {
  first_name: string;
  last_name: string;
  email: string;
  employment_type: string;
  status: string;
  department_id: string;
  location_id: string;
  manager_id: string | null;
  /** `YYYY-MM-DD` (dates are read as text: no time zone shifts). */
  hire_date: string;
  termination_date: string | null;
  salary_amount: number;
  salary_currency: string;
  skills: Json<string[]>;
  source_created_at: Timestamp;
}

export interface HrTimeOffRequestsTable extends EntityTableBase {
  person_id: string;
  approver_id: string | null;
  type: string;
  status: string;
  start_date: string;
  end_date: string;
  days: number;
  note: string | null;
  source_created_at: Timestamp;
}

/** The HR connector's tables, as kysely sees them. */
export interface HrTables {
  hr_locations: HrLocationsTable;
  hr_departments: HrDepartmentsTable;
  hr_people: HrPeopleTable;
  hr_time_off_requests: HrTimeOffRequestsTable;
}
