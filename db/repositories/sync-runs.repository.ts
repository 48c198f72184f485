import { sql, type Kysely, type Transaction } from 'kysely';
import type { SyncKind } from '../../workflows/shared/sync-kind';
import type { Database } from '../database';
import type { SyncRunStatus } from '../tables/sync-runs.table';

type Db = Kysely<Database> | Transaction<Database>;

/** Which sync_runs row: a run (by its sync id) and optionally one of its entities. */
export interface RunKey {
  readonly workflowId: string;
  readonly syncId: string;
  readonly orgId: string;
  readonly kind: SyncKind;
  /** Undefined for the row that covers the whole run. */
  readonly entity?: string | undefined;
}

export interface RunCounts {
  readonly fetched?: number;
  readonly upserted?: number;
  readonly unchanged?: number;
  readonly quarantined?: number;
  readonly deleted?: number;
  readonly revived?: number;
}

const COUNT_COLUMNS = ['fetched', 'upserted', 'unchanged', 'quarantined', 'deleted', 'revived'] as const;

/**
 * Adds to a run row's counts, creating the row (status running) on first use. Called in the
 * transaction that commits what it counts, so counts stay exact across retries. `succeeded`: the
 * row's work is done with these counts (the entity's last batch), in the same statement.
 */
export async function addRunCounts(
  db: Db,
  key: RunKey,
  counts: RunCounts,
  options: { readonly succeeded?: boolean } = {},
): Promise<void> {
  const values = Object.fromEntries(COUNT_COLUMNS.map((column) => [column, counts[column] ?? 0]));
  const status: SyncRunStatus = options.succeeded ? 'succeeded' : 'running';
  const finishedAt = options.succeeded ? sql`now()` : null;
  await sql`
    insert into sync_runs (workflow_id, run_id, org_id, kind, entity, status, finished_at, ${sql.join(COUNT_COLUMNS.map((c) => sql.id(c)))})
    values (${key.workflowId}, ${key.syncId}, ${key.orgId}, ${key.kind}, ${key.entity ?? null}, ${status}, ${finishedAt},
            ${sql.join(COUNT_COLUMNS.map((column) => values[column]))})
    on conflict (run_id, coalesce(entity, '')) do update set
      ${sql.join(COUNT_COLUMNS.map((c) => sql`${sql.id(c)} = sync_runs.${sql.id(c)} + excluded.${sql.id(c)}`))}
      ${options.succeeded ? sql`, status = excluded.status, finished_at = excluded.finished_at, error = null` : sql``}`.execute(
    db,
  );
}

/** Sets a run row's outcome (creating it if no page was ever committed). */
export async function finishRun(
  db: Db,
  key: RunKey,
  outcome: { readonly status: SyncRunStatus; readonly error?: string | undefined },
): Promise<void> {
  await sql`
    insert into sync_runs (workflow_id, run_id, org_id, kind, entity, status, finished_at, error)
    values (${key.workflowId}, ${key.syncId}, ${key.orgId}, ${key.kind}, ${key.entity ?? null}, ${outcome.status},
            ${outcome.status === 'running' ? null : sql`now()`}, ${outcome.error ?? null})
    on conflict (run_id, coalesce(entity, '')) do update set
      status = excluded.status, finished_at = excluded.finished_at, error = excluded.error`.execute(db);
}

/** Gives a run's entity rows still marked running its outcome (a run cancelled midway). */
export async function finishRunningEntities(
  db: Db,
  syncId: string,
  status: Exclude<SyncRunStatus, 'running'>,
): Promise<void> {
  await db
    .updateTable('sync_runs')
    .set({ status, finished_at: new Date() })
    .where('run_id', '=', syncId)
    .where('entity', 'is not', null)
    .where('status', '=', 'running')
    .execute();
}

/** The runs of an org, newest first. */
export function listRuns(
  db: Db,
  orgId: string,
  options: { readonly kind?: SyncKind; readonly limit?: number } = {},
) {
  let query = db.selectFrom('sync_runs').selectAll().where('org_id', '=', orgId);
  if (options.kind) query = query.where('kind', '=', options.kind);
  return query
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit ?? 100)
    .execute();
}

/** The per-entity rows of one sync run (by its sync id): what its committed pages counted so far. */
export function listRunEntityRows(db: Db, syncId: string) {
  return db
    .selectFrom('sync_runs')
    .select(['entity', 'status', ...COUNT_COLUMNS])
    .where('run_id', '=', syncId)
    .where('entity', 'is not', null)
    .execute();
}

/**
 * Per entity, the records fetched by the newest succeeded run of this kind other than `syncId`:
 * an estimate of how many the next such run fetches.
 */
export async function lastSucceededFetched(
  db: Db,
  orgId: string,
  kind: SyncKind,
  exceptSyncId: string,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('sync_runs')
    .distinctOn('entity')
    .select(['entity', 'fetched'])
    .where('org_id', '=', orgId)
    .where('kind', '=', kind)
    .where('status', '=', 'succeeded')
    .where('entity', 'is not', null)
    .where('run_id', '<>', exceptSyncId)
    .orderBy('entity')
    .orderBy('finished_at', 'desc')
    .execute();
  return new Map(rows.map((row) => [row.entity!, row.fetched]));
}
