import { z } from 'zod';
import { defineEntity, type EntityRow } from '../connector-definition';
import { recordIdentity } from '../schema-fields';
import type { HrDepartmentsTable } from './hr.tables';

export const departmentSchema = z.object({
  ...recordIdentity,
  name: z.string(),
  parent_department_id: z.string().nullable(),
  location_id: z.string(),
  cost_center: z.string().nullable(),
  budget: z.number().finite(),
});

export const departments = defineEntity<z.infer<typeof departmentSchema>, EntityRow<HrDepartmentsTable>>({
  name: 'departments',
  dependsOn: ['locations', 'departments'],
  paths: { list: '/v1/departments', get: '/v1/departments/{id}', ids: '/v1/departments/ids' },
  schema: departmentSchema,
  table: 'hr_departments',
  columns: {
    name: 'text',
    parent_department_id: 'text',
    location_id: 'text',
    cost_center: 'text',
    budget: 'numeric',
    source_created_at: 'timestamptz',
  },
  transform: (record) => ({
    name: record.name,
    parent_department_id: record.parent_department_id,
    location_id: record.location_id,
    cost_center: record.cost_center,
    budget: record.budget,
    source_created_at: record.created_at,
  }),
});
