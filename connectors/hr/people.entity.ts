import { z } from 'zod';
import { defineEntity, type EntityRow } from '../connector-definition';
import { isoDate, recordIdentity } from '../schema-fields';
import type { HrPeopleTable } from './hr.tables';

export const personSchema = z.object({
  ...recordIdentity,
  first_name: z.string(),
  last_name: z.string(),
  email: z.string(),
  employment_type: z.enum(['full_time', 'part_time', 'contractor', 'intern']),
  status: z.enum(['active', 'on_leave', 'terminated']),
  department_id: z.string(),
  location_id: z.string(),
  manager_id: z.string().nullable(),
  hire_date: isoDate,
  termination_date: isoDate.nullable(),
  salary: z.object({ amount: z.number().finite(), currency: z.enum(['USD', 'EUR', 'GBP', 'CAD', 'JPY']) }),
  skills: z.array(z.string()),
});

export const people = defineEntity<z.infer<typeof personSchema>, EntityRow<HrPeopleTable>>({
  name: 'people',
  dependsOn: ['departments', 'locations', 'people'],
  paths: { list: '/v1/people', get: '/v1/people/{id}', ids: '/v1/people/ids' },
  schema: personSchema,
  table: 'hr_people',
  columns: {
    first_name: 'text',
    last_name: 'text',
    email: 'text',
    employment_type: 'text',
    status: 'text',
    department_id: 'text',
    location_id: 'text',
    manager_id: 'text',
    hire_date: 'date',
    termination_date: 'date',
    salary_amount: 'numeric',
    salary_currency: 'text',
    skills: 'jsonb',
    source_created_at: 'timestamptz',
  },
  transform: (record) => ({
    first_name: record.first_name,
    last_name: record.last_name,
    email: record.email,
    employment_type: record.employment_type,
    status: record.status,
    department_id: record.department_id,
    location_id: record.location_id,
    manager_id: record.manager_id,
    hire_date: record.hire_date,
    termination_date: record.termination_date,
    salary_amount: record.salary.amount,
    salary_currency: record.salary.currency,
    skills: record.skills,
    source_created_at: record.created_at,
  }),
});
