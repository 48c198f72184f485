import type { Kysely } from 'kysely';
import { committedPosition } from '../../activities/sync-cursors';
import type { Database } from '../../db/database';
import { listCursors } from '../../db/repositories/sync-cursors.repository';
import { lastSucceededFetched, listRunEntityRows } from '../../db/repositories/sync-runs.repository';
import type { SyncKind } from '../../workflows/shared/sync-kind';
import { progressQuery } from '../../workflows/shared/messages';
import {
  EMPTY_COUNTS,
  type EntityPhase,
  type EntityProgress,
  type SyncCounts,
  type SyncProgress,
} from '../../workflows/shared/sync-progress';
import type { OperationsContext } from './operations-context';

export interface LiveEntityProgress extends EntityProgress {
  /**
   * Records the entity is expected to fetch in this run: what its last succeeded full sync
   * fetched (APIs do not say how many records they hold). Null when unknown (a first full sync,
   * and deltas and reconciliations, whose size says nothing about the next one's).
   */
  readonly expected: number | null;
}

/** A sync's progress as the workflow knows it, with what its running activities committed since. */
export interface LiveSyncProgress extends SyncProgress {
  entities: Record<string, LiveEntityProgress>;
}

const QUERY_TIMEOUT_MS = 5_000;

const ACTIVE: ReadonlySet<EntityPhase> = new Set(['pending', 'running', 'listing', 'healing']);

/**
 * The live progress of the sync `workflowId` runs. The workflow knows its structure (entities,
 * phases, outcomes) but learns counts only when an activity slice returns (up to
 * `SYNC_SLICE_SECONDS` later); every batch commits its counts (sync_runs) and its cursor
 * (sync_cursors) in its own transaction, so those are read from PostgreSQL and overlaid: what is
 * shown is committed, never ahead of the data. Keeps workflow history free of per-page events.
 * Throws what the query throws (e.g. `WorkflowNotFoundError`, or a deadline error when no worker
 * answers within 5 s).
 *
 * @example
 * const progress = await readSyncProgress(context, syncWorkflowId(orgId, 'full'));
 * progress.entities[entityName]?.pages; // pages committed so far, within a batch's commit
 */
export async function readSyncProgress(
  context: Pick<OperationsContext, 'db' | 'temporal'>,
  workflowId: string,
): Promise<LiveSyncProgress> {
  const handle = context.temporal.workflow.getHandle(workflowId);
  // A query waits for a worker to answer: with none running, fail soon rather than hang `status`.
  const progress = await context.temporal.connection.withDeadline(Date.now() + QUERY_TIMEOUT_MS, () =>
    handle.query(progressQuery),
  );
  return overlayCommittedProgress(context.db, progress);
}

/** `progress` (a `progress` query's answer) with the counts and pages committed in PostgreSQL. */
export async function overlayCommittedProgress(
  db: Kysely<Database>,
  progress: SyncProgress,
): Promise<LiveSyncProgress> {
  const kind = progress.kind as SyncKind;
  const [rows, cursors, expected] = await Promise.all([
    listRunEntityRows(db, progress.syncId),
    listCursors(db, progress.orgId),
    kind === 'full'
      ? lastSucceededFetched(db, progress.orgId, kind, progress.syncId)
      : new Map<string, number>(),
  ]);
  const entities: Record<string, LiveEntityProgress> = {};
  for (const [name, known] of Object.entries(progress.entities)) {
    const row = rows.find((r) => r.entity === name);
    const stored = cursors.find((c) => c.entity === name && c.kind === kind);
    const position = stored && committedPosition(kind, stored.cursor, progress.syncId);
    const entity: LiveEntityProgress = { ...known, expected: expected.get(name) ?? null };
    if (row) Object.assign(entity, largerCounts(known, row));
    if (position && ACTIVE.has(known.phase)) {
      entity.pages = Math.max(known.pages, position.pages);
      entity.cursor = position.cursor;
      if (position.reconcilePhase === 'healing' || position.reconcilePhase === 'deciding')
        entity.phase = 'healing';
    }
    // The batch that ends an entity's listing marks its run row succeeded in the same transaction.
    if (row?.status === 'succeeded' && ACTIVE.has(known.phase)) entity.phase = 'done';
    entities[name] = entity;
  }
  return { ...progress, entities };
}

/**
 * Count by count, the larger of the workflow's and the database's: both only grow, the database
 * is ahead during a slice, and the workflow's own counts stay exact where no row counts (a delta
 * whose listing was empty writes none).
 */
function largerCounts(known: SyncCounts, committed: SyncCounts): SyncCounts {
  const counts = { ...EMPTY_COUNTS };
  for (const key of Object.keys(EMPTY_COUNTS) as (keyof SyncCounts)[])
    counts[key] = Math.max(known[key], committed[key]);
  return counts;
}
