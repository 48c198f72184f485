import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import type { SyncRun } from '../../db/tables/sync-runs.table';
import { pause } from '../../devstack/poll';
import { progressQuery } from '../../workflows/shared/messages';
import { ORG_ID, SYNC_KIND } from '../../workflows/shared/search-attributes';
import type { SyncProgress } from '../../workflows/shared/sync-progress';
import { overlayCommittedProgress } from '../operations/read-sync-progress';
import { withTimeout } from '../webhooks/with-timeout';

const EVERY_MS = 5_000;
/** Each look (Temporal, PostgreSQL) gets this long: a server that is gone shows as unavailable. */
const LOOK_TIMEOUT_MS = 3_000;

/**
 * Prints, every few seconds until `signal` is aborted, one line per organization (the table is read
 * again each time, so orgs added later with `org add` appear): the live progress of its running
 * syncs, or else how its last sync ended. A line is printed again only when it changed.
 */
export async function watchProgress(
  temporal: Client,
  db: Kysely<Database>,
  signal: AbortSignal,
): Promise<void> {
  const lastLines = new Map<string, string>();
  while (!signal.aborted) {
    const lines = await describeOrgs(temporal, db, signal).catch(
      (err: unknown) => new Map([['organizations', `unavailable (${(err as Error).message})`]]),
    );
    if (signal.aborted) return;
    for (const [orgId, line] of lines) {
      if (lastLines.get(orgId) !== line) process.stdout.write(`${orgId}: ${line}\n`);
      lastLines.set(orgId, line);
    }
    await pause(EVERY_MS, signal);
  }
}

async function describeOrgs(
  temporal: Client,
  db: Kysely<Database>,
  signal: AbortSignal,
): Promise<Map<string, string>> {
  const [orgs, lastRuns] = await withTimeout(
    Promise.all([
      db
        .selectFrom('organizations')
        .select('id')
        .where('removed_at', 'is', null)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
      lastRunPerOrg(db),
    ]),
    LOOK_TIMEOUT_MS,
    'PostgreSQL',
  );
  const running = await runningSyncs(temporal, db, signal).catch(
    (err: unknown) => new Error((err as Error).message),
  );
  return new Map(orgs.map(({ id }) => [id, lineOf(id, running, lastRuns.get(id))]));
}

function lineOf(orgId: string, running: readonly RunningSync[] | Error, last: LastRun | undefined): string {
  if (running instanceof Error) return `Temporal unavailable (${running.message})`;
  const mine = running.filter((sync) => sync.orgId === orgId);
  if (mine.length > 0) return mine.map(describeRunning).join('; ');
  if (!last) return 'waiting';
  return `last ${last.kind} sync ${last.status}${last.finished_at ? ` at ${last.finished_at.toISOString()}` : ''}`;
}

interface RunningSync {
  readonly orgId: string;
  readonly kind: string;
  readonly progress: SyncProgress | undefined;
}

/** Every running full, delta and reconcile sync (manual or scheduled), with its progress. */
async function runningSyncs(
  temporal: Client,
  db: Kysely<Database>,
  signal: AbortSignal,
): Promise<RunningSync[]> {
  const look = <T>(fn: () => Promise<T>) =>
    temporal.withAbortSignal(signal, () => temporal.withDeadline(Date.now() + LOOK_TIMEOUT_MS, fn));
  const executions = await look(async () => {
    const found = [];
    const listing = temporal.workflow.list({
      query: 'ExecutionStatus = "Running" AND SyncKind IN ("full", "delta", "reconcile")',
    });
    for await (const execution of listing) found.push(execution);
    return found;
  });
  return Promise.all(
    executions.map(async (execution) => ({
      orgId: execution.typedSearchAttributes.get(ORG_ID) ?? '',
      kind: execution.typedSearchAttributes.get(SYNC_KIND) ?? execution.type,
      // Committed pages, not just what the workflow learnt at its last slice's end.
      progress: await look(async () =>
        overlayCommittedProgress(
          db,
          await temporal.workflow.getHandle(execution.workflowId, execution.runId).query(progressQuery),
        ),
      ).catch(() => undefined),
    })),
  );
}

function describeRunning({ kind, progress }: RunningSync): string {
  if (!progress) return `${kind} sync running`;
  const entities = Object.entries(progress.entities).map(
    ([name, entity]) => `${name} ${entity.phase} ${entity.fetched} fetched`,
  );
  return `${kind} sync running: ${entities.join(', ')}`;
}

type LastRun = Pick<SyncRun, 'org_id' | 'kind' | 'status' | 'finished_at'>;

/** The latest run-level row of each org. */
async function lastRunPerOrg(db: Kysely<Database>): Promise<Map<string, LastRun>> {
  const rows = await db
    .selectFrom('sync_runs')
    .select(['org_id', 'kind', 'status', 'finished_at'])
    .distinctOn('org_id')
    .where('entity', 'is', null)
    .orderBy('org_id')
    .orderBy('started_at', 'desc')
    .execute();
  return new Map(rows.map((row) => [row.org_id, row]));
}
