import type { ConnectorDefinition } from '../connector-definition';
import { departments } from './departments.entity';
import { locations } from './locations.entity';
import * as hrEntityTables from './migrations/2026-11-26-100-hr-entity-tables';
import { people } from './people.entity';
import { timeOffRequests } from './time-off-requests.entity';

export type { HrTables } from './hr.tables';

/**
 * An HR system: locations, departments (a tree), people (with managers), time-off requests.
 * The engine derives the sync order from `dependsOn`; the declaration order here does not matter.
 */
export const hrConnector: ConnectorDefinition = {
  name: 'hr',
  description: 'HR system: locations, departments, people, time-off requests',
  pagination: 'auto',
  pageSize: 500,
  entities: [timeOffRequests, people, departments, locations],
  migrations: { '2026-11-26-100-hr-entity-tables': hrEntityTables },
};
