import { comments } from './comments';
import { departments } from './departments';
import { type EntityDefinition, type EntityName } from './entity-definition';
import { locations } from './locations';
import { people } from './people';
import { projects } from './projects';
import { tickets } from './tickets';
import { timeOffRequests } from './time-off-requests';

export const CONNECTOR_NAMES = ['hr', 'ticketing'] as const;
export type ConnectorName = (typeof CONNECTOR_NAMES)[number];

/** The entities each connector serves, referenced entities first. */
export const CONNECTOR_ENTITIES: Readonly<Record<ConnectorName, readonly EntityDefinition[]>> = {
  hr: [locations, departments, people, timeOffRequests],
  ticketing: [projects, tickets, comments],
};

/**
 * How many records each entity gets when an org of `records` is seeded: each entity's share,
 * at least 1, the rest going to the largest share so the total is exact (when it can be).
 */
export function splitRecords(connector: ConnectorName, records: number): Map<EntityName, number> {
  const definitions = CONNECTOR_ENTITIES[connector];
  const counts = new Map<EntityName, number>();
  let assigned = 0;
  for (const definition of definitions) {
    const count = Math.max(1, Math.floor(records * definition.share));
    counts.set(definition.name, count);
    assigned += count;
  }
  const largest = definitions.reduce((a, b) => (b.share > a.share ? b : a));
  counts.set(largest.name, Math.max(1, (counts.get(largest.name) ?? 1) + records - assigned));
  return counts;
}
