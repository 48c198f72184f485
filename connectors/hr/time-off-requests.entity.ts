import { z } from 'zod';
import { defineEntity, type EntityRow } from '../connector-definition';
import { isoDate, recordIdentity } from '../schema-fields';
import type { HrTimeOffRequestsTable } from './hr.tables';

export const timeOffRequestSchema = z.object({
  ...recordIdentity,
  person_id: z.string(),
  approver_id: z.string().nullable(),
  type: z.enum(['vacation', 'sick', 'parental', 'unpaid', 'bereavement']),
  status: z.enum(['pending', 'approved', 'rejected', 'cancelled']),
  start_date: isoDate,
  end_date: isoDate,
  days: z.number().nonnegative().multipleOf(0.5),
  note: z.string().nullable(),
});

export const timeOffRequests = defineEntity<
  z.infer<typeof timeOffRequestSchema>,
  EntityRow<HrTimeOffRequestsTable>
>({
  name: 'time_off_requests',
  dependsOn: ['people'],
  paths: {
    list: '/v1/time_off_requests',
    get: '/v1/time_off_requests/{id}',
    ids: '/v1/time_off_requests/ids',
  },
  schema: timeOffRequestSchema,
  table: 'hr_time_off_requests',
  columns: {
    person_id: 'text',
    approver_id: 'text',
    type: 'text',
    status: 'text',
    start_date: 'date',
    end_date: 'date',
    days: 'numeric',
    note: 'text',
    source_created_at: 'timestamptz',
  },
  transform: (record) => ({
    person_id: record.person_id,
    approver_id: record.approver_id,
    type: record.type,
    status: record.status,
    start_date: record.start_date,
    end_date: record.end_date,
    days: record.days,
    note: record.note,
    source_created_at: record.created_at,
  }),
});
