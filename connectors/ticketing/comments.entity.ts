import { z } from 'zod';
import { defineEntity, type EntityRow } from '../connector-definition';
import { recordIdentity } from '../schema-fields';
import type { TicketingCommentsTable } from './ticketing.tables';

export const commentSchema = z.object({
  ...recordIdentity,
  ticket_id: z.string(),
  author_email: z.string(),
  body: z.string(),
  edited: z.boolean(),
});

export const comments = defineEntity<z.infer<typeof commentSchema>, EntityRow<TicketingCommentsTable>>({
  name: 'comments',
  dependsOn: ['tickets'],
  paths: { list: '/v1/comments', get: '/v1/comments/{id}', ids: '/v1/comments/ids' },
  schema: commentSchema,
  table: 'ticketing_comments',
  columns: {
    ticket_id: 'text',
    author_email: 'text',
    body: 'text',
    edited: 'boolean',
    source_created_at: 'timestamptz',
  },
  transform: (record) => ({
    ticket_id: record.ticket_id,
    author_email: record.author_email,
    body: record.body,
    edited: record.edited,
    source_created_at: record.created_at,
  }),
});
