import { z } from 'zod';
import { defineEntity, type EntityRow } from '../connector-definition';
import { recordIdentity } from '../schema-fields';
import type { TicketingProjectsTable } from './ticketing.tables';

export const projectSchema = z.object({
  ...recordIdentity,
  key: z.string().regex(/^[A-Z]{2,5}$/),
  name: z.string(),
  description: z.string().nullable(),
  archived: z.boolean(),
  lead_email: z.string().nullable(),
});

export const projects = defineEntity<z.infer<typeof projectSchema>, EntityRow<TicketingProjectsTable>>({
  name: 'projects',
  dependsOn: [],
  paths: { list: '/v1/projects', get: '/v1/projects/{id}', ids: '/v1/projects/ids' },
  schema: projectSchema,
  table: 'ticketing_projects',
  columns: {
    key: 'text',
    name: 'text',
    description: 'text',
    archived: 'boolean',
    lead_email: 'text',
    source_created_at: 'timestamptz',
  },
  transform: (record) => ({
    key: record.key,
    name: record.name,
    description: record.description,
    archived: record.archived,
    lead_email: record.lead_email,
    source_created_at: record.created_at,
  }),
});
