import { sql, type Kysely } from 'kysely';
import type { SyncKind } from '../../workflows/shared/sync-kind';
import type { Database } from '../database';

export interface LeaseHolder {
  readonly workflowId: string;
  readonly runId: string;
}

/**
 * Takes the (org, kind) lease for `holder`, or keeps it when the same workflow id already holds it
 * (a retried activity, a continued-as-new run). Returns the current holder otherwise.
 */
export async function tryAcquireLease(
  db: Kysely<Database>,
  orgId: string,
  kind: SyncKind,
  holder: LeaseHolder,
): Promise<{ readonly acquired: true } | { readonly acquired: false; readonly holder: LeaseHolder }> {
  const { rows } = await sql<{ holder_workflow_id: string; holder_run_id: string }>`
    insert into sync_leases as l (org_id, kind, holder_workflow_id, holder_run_id)
    values (${orgId}, ${kind}, ${holder.workflowId}, ${holder.runId})
    on conflict (org_id, kind) do update set holder_run_id = excluded.holder_run_id
      where l.holder_workflow_id = excluded.holder_workflow_id
    returning holder_workflow_id, holder_run_id`.execute(db);
  if (rows.length > 0) return { acquired: true };
  const current = await db
    .selectFrom('sync_leases')
    .select(['holder_workflow_id', 'holder_run_id'])
    .where('org_id', '=', orgId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  // Released between our two statements: try again.
  if (!current) return tryAcquireLease(db, orgId, kind, holder);
  return {
    acquired: false,
    holder: { workflowId: current.holder_workflow_id, runId: current.holder_run_id },
  };
}

/**
 * Whether `holder` holds the (org, kind) lease. A sync's holder run id is the run that began it,
 * which is the sync id (see `runSync`), so the sync id names the holder across continue-as-new.
 */
export async function holdsLease(
  db: Kysely<Database>,
  orgId: string,
  kind: SyncKind,
  holder: LeaseHolder,
): Promise<boolean> {
  const lease = await db
    .selectFrom('sync_leases')
    .select('org_id')
    .where('org_id', '=', orgId)
    .where('kind', '=', kind)
    .where('holder_workflow_id', '=', holder.workflowId)
    .where('holder_run_id', '=', holder.runId)
    .executeTakeFirst();
  return lease !== undefined;
}

/** Takes over a lease whose holder no longer runs (terminated, failed, timed out). */
export async function takeOverLease(
  db: Kysely<Database>,
  orgId: string,
  kind: SyncKind,
  staleHolder: LeaseHolder,
  holder: LeaseHolder,
): Promise<boolean> {
  const result = await db
    .updateTable('sync_leases')
    .set({ holder_workflow_id: holder.workflowId, holder_run_id: holder.runId, rerun_requested: false })
    .where('org_id', '=', orgId)
    .where('kind', '=', kind)
    .where('holder_workflow_id', '=', staleHolder.workflowId)
    .where('holder_run_id', '=', staleHolder.runId)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Asks the running holder to run once more when it finishes. */
export async function requestRerun(db: Kysely<Database>, orgId: string, kind: SyncKind): Promise<void> {
  await db
    .updateTable('sync_leases')
    .set({ rerun_requested: true })
    .where('org_id', '=', orgId)
    .where('kind', '=', kind)
    .execute();
}

/** Gives the lease up; tells whether a trigger asked for another run meanwhile. */
export async function releaseLease(
  db: Kysely<Database>,
  orgId: string,
  kind: SyncKind,
  workflowId: string,
): Promise<{ readonly rerunRequested: boolean }> {
  const released = await db
    .deleteFrom('sync_leases')
    .where('org_id', '=', orgId)
    .where('kind', '=', kind)
    .where('holder_workflow_id', '=', workflowId)
    .returning('rerun_requested')
    .executeTakeFirst();
  return { rerunRequested: released?.rerun_requested ?? false };
}
