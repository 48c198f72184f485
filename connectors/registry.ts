import type { Migration } from 'kysely';
import type { ConnectorDefinition } from './connector-definition';
import { UnknownConnectorError } from './connector-errors';
import { hrConnector, type HrTables } from './hr';
import { type LoadedConnector, loadConnector } from './load-connector';
import { ticketingConnector, type TicketingTables } from './ticketing';

/** Every connector this build knows. Adding one: write it under connectors/, list it here. */
const DEFINITIONS: readonly ConnectorDefinition[] = [hrConnector, ticketingConnector];

/** All connectors' entity tables, for typed queries in tests and tools. */
export type ConnectorTables = HrTables & TicketingTables;

const loaded = new Map<string, LoadedConnector>();

/** The named connector, checked and ordered (once per process). */
export function getConnector(name: string): LoadedConnector {
  let connector = loaded.get(name);
  if (!connector) {
    const definition = DEFINITIONS.find((candidate) => candidate.name === name);
    if (!definition) throw new UnknownConnectorError(name, connectorNames());
    connector = loadConnector(definition);
    loaded.set(name, connector);
  }
  return connector;
}

export function connectorNames(): string[] {
  return DEFINITIONS.map((definition) => definition.name);
}

/** Every connector's migrations, to run with the engine's own. */
export function connectorMigrations(): Record<string, Migration> {
  return Object.assign({}, ...DEFINITIONS.map((definition) => definition.migrations)) as Record<
    string,
    Migration
  >;
}
