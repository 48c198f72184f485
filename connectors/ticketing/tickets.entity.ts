import { z } from 'zod';
import { defineEntity, type EntityRow } from '../connector-definition';
import { isoDate, recordIdentity } from '../schema-fields';
import type { TicketingTicketsTable } from './ticketing.tables';

export const ticketSchema = z.object({
  ...recordIdentity,
  project_id: z.string(),
  parent_ticket_id: z.string().nullable(),
  title: z.string(),
  status: z.enum(['open', 'in_progress', 'blocked', 'done']),
  priority: z.enum(['low', 'medium', 'high', 'urgent']),
  assignee_email: z.string().nullable(),
  labels: z.array(z.string()),
  story_points: z.number().nonnegative().nullable(),
  due_date: isoDate.nullable(),
});

export const tickets = defineEntity<z.infer<typeof ticketSchema>, EntityRow<TicketingTicketsTable>>({
  name: 'tickets',
  dependsOn: ['projects', 'tickets'],
  paths: { list: '/v1/tickets', get: '/v1/tickets/{id}', ids: '/v1/tickets/ids' },
  schema: ticketSchema,
  table: 'ticketing_tickets',
  columns: {
    project_id: 'text',
    parent_ticket_id: 'text',
    title: 'text',
    status: 'text',
    priority: 'text',
    assignee_email: 'text',
    labels: 'jsonb',
    story_points: 'numeric',
    due_date: 'date',
    source_created_at: 'timestamptz',
  },
  transform: (record) => ({
    project_id: record.project_id,
    parent_ticket_id: record.parent_ticket_id,
    title: record.title,
    status: record.status,
    priority: record.priority,
    assignee_email: record.assignee_email,
    labels: record.labels,
    story_points: record.story_points,
    due_date: record.due_date,
    source_created_at: record.created_at,
  }),
});
