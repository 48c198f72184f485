import type { Migration } from 'kysely';
import * as engineTables from './2026-11-26-001-engine-tables';
import * as syncCoordination from './2026-11-26-002-sync-coordination';
import * as operations from './2026-11-26-003-operations';
import * as orgRemoval from './2026-11-26-004-org-removal';
import * as reconcileListingCollation from './2026-11-27-005-reconcile-listing-collation';
import * as completedListings from './2026-12-01-006-completed-listings';
import * as organizationUpdatedAt from './2026-12-01-007-organization-updated-at';
import * as webhookInbox from './2026-12-01-008-webhook-inbox';

/** The engine's own migrations. A static list rather than a folder scan so that bundles, jest and compiled output all see the same set. */
const engineMigrations: Record<string, Migration> = {
  '2026-11-26-001-engine-tables': engineTables,
  '2026-11-26-002-sync-coordination': syncCoordination,
  '2026-11-26-003-operations': operations,
  '2026-11-26-004-org-removal': orgRemoval,
  '2026-11-27-005-reconcile-listing-collation': reconcileListingCollation,
  '2026-12-01-006-completed-listings': completedListings,
  '2026-12-01-007-organization-updated-at': organizationUpdatedAt,
  '2026-12-01-008-webhook-inbox': webhookInbox,
};

/**
 * Every migration: the engine's and the connectors' (which create their entity tables), applied in
 * name order. Names are date-prefixed, so a connector's tables come after the engine tables they
 * reference. A connector migration may not reuse an engine migration's name.
 */
export function allMigrations(
  connectorMigrations: Readonly<Record<string, Migration>>,
): Record<string, Migration> {
  const clash = Object.keys(connectorMigrations).find((name) => name in engineMigrations);
  if (clash) throw new Error(`Connector migration "${clash}" has the name of an engine migration`);
  return Object.fromEntries(
    Object.entries({ ...engineMigrations, ...connectorMigrations }).sort(([a], [b]) => a.localeCompare(b)),
  );
}
