import type { OrgRateBudgetsTable } from './tables/org-rate-budgets.table';
import type { OrganizationsTable } from './tables/organizations.table';
import type { QuarantineTable } from './tables/quarantine.table';
import type { ReconcileCompletedListingsTable } from './tables/reconcile-completed-listings.table';
import type { ReconcileListingsTable } from './tables/reconcile-listings.table';
import type { SyncCursorsTable } from './tables/sync-cursors.table';
import type { SyncLeasesTable } from './tables/sync-leases.table';
import type { SyncRunsTable } from './tables/sync-runs.table';
import type { WebhookInboxTable } from './tables/webhook-inbox.table';

/** The engine's own tables. Connector entity tables are added by each connector's declaration. */
export interface EngineTables {
  organizations: OrganizationsTable;
  sync_cursors: SyncCursorsTable;
  sync_runs: SyncRunsTable;
  quarantine: QuarantineTable;
  org_rate_budgets: OrgRateBudgetsTable;
  sync_leases: SyncLeasesTable;
  reconcile_listings: ReconcileListingsTable;
  reconcile_completed_listings: ReconcileCompletedListingsTable;
  webhook_inbox: WebhookInboxTable;
}

/**
 * The schema as the engine sees it: its own tables. Entity tables belong to connectors, and engine
 * code reaches them only through their connector's declaration (table names are data to it); tests
 * and tools that want them typed add them with `db.withTables<…>()`.
 */
export type Database = EngineTables;
