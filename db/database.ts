import type { OrganizationsTable } from './tables/organizations.table';
import type { QuarantineTable } from './tables/quarantine.table';
import type { SyncCursorsTable } from './tables/sync-cursors.table';
import type { SyncRunsTable } from './tables/sync-runs.table';

/** The engine's own tables. Connector entity tables are added by each connector's declaration. */
export interface EngineTables {
  organizations: OrganizationsTable;
  sync_cursors: SyncCursorsTable;
  sync_runs: SyncRunsTable;
  quarantine: QuarantineTable;
}

/** The whole schema as kysely sees it. */
export type Database = EngineTables;
