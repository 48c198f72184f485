import type { ConnectorDefinition } from '../connector-definition';
import { comments } from './comments.entity';
import * as ticketingEntityTables from './migrations/2026-11-26-110-ticketing-entity-tables';
import { projects } from './projects.entity';
import { tickets } from './tickets.entity';

export type { TicketingTables } from './ticketing.tables';

/** An issue tracker: projects, tickets (with sub-tickets), comments. */
export const ticketingConnector: ConnectorDefinition = {
  name: 'ticketing',
  description: 'Issue tracker: projects, tickets, comments',
  pagination: 'auto',
  pageSize: 500,
  entities: [projects, tickets, comments],
  migrations: { '2026-11-26-110-ticketing-entity-tables': ticketingEntityTables },
};
