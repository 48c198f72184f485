import type { Generated, Selectable } from 'kysely';
import type { SyncKind } from '../../workflows/shared/sync-kind';

/** Which workflow is the one writer of an (org, kind) right now. */
export interface SyncLeasesTable {
  org_id: string;
  kind: SyncKind;
  holder_workflow_id: string;
  holder_run_id: string;
  acquired_at: Generated<Date>;
  /** A trigger arrived while the holder ran: the holder runs once more when it finishes. */
  rerun_requested: Generated<boolean>;
}

export type SyncLease = Selectable<SyncLeasesTable>;
