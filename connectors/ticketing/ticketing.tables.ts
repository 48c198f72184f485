import type { ColumnType } from 'kysely';
import type { EntityTableBase } from '../connector-definition';

type Timestamp = ColumnType<Date, string, string>;
type Json<T> = ColumnType<T, T, T>;

export interface TicketingProjectsTable extends EntityTableBase {
  key: string;
  name: string;
  description: string | null;
  archived: boolean;
  lead_email: string | null;
  source_created_at: Timestamp;
}

export interface TicketingTicketsTable extends EntityTableBase {
  project_id: string;
  parent_ticket_id: string | null;
  title: string;
  status: string;
  priority: string;
  assignee_email: string | null;
  labels: Json<string[]>;
  story_points: number | null;
  due_date: string | null;
  source_created_at: Timestamp;
}

export interface TicketingCommentsTable extends EntityTableBase {
  ticket_id: string;
  author_email: string;
  body: string;
  edited: boolean;
  source_created_at: Timestamp;
}

/** The ticketing connector's tables, as kysely sees them. */
export interface TicketingTables {
  ticketing_projects: TicketingProjectsTable;
  ticketing_tickets: TicketingTicketsTable;
  ticketing_comments: TicketingCommentsTable;
}
