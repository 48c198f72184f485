import { databaseClock } from '../db/database-clock';
import {
  addListedIds,
  countDeletionCandidates,
  dropListing,
  dropOtherListings,
  type ListingScope,
  refreshListingStatistics,
  resolveQuarantineOfUnlisted,
  softDeleteUnlisted,
} from '../db/repositories/reconcile-listings.repository';
import { keepCompletedListing } from '../db/repositories/completed-listings.repository';
import { readCursor } from '../db/repositories/sync-cursors.repository';
import { addRunCounts, finishRun, type RunKey } from '../db/repositories/sync-runs.repository';
import { addCounts, EMPTY_COUNTS, type SyncCounts } from '../workflows/shared/sync-progress';
import type { ActivityDeps } from './activity-deps';
import { callingWorkflow } from './calling-workflow';
import { heartbeatCommitted, withInlineRetries } from './failures';
import type { OrgContextCache } from './org-context';
import { moveReconcileCursor } from './reconcile-cursor-store';
import { healListedRecords } from './reconcile-heal';
import { describeReconcileCursor, type ReconcileCursor, type ReconcilePhase } from './sync-cursors';

export interface HoldThreshold {
  /** Hold when the run would delete more than this share of the entity's live rows… */
  readonly share: number;
  /** …and more than this many rows. */
  readonly minRows: number;
}

export interface ReconcileEntityInput {
  readonly orgId: string;
  readonly syncId: string;
  readonly entity: string;
  /** Apply deletions even above the hold threshold (an operator approved them). */
  readonly approveDeletions: boolean;
  readonly holdThreshold: HoldThreshold;
}

export interface ReconcileEntityResult {
  readonly phase: ReconcilePhase;
  readonly done: boolean;
  readonly pages: number;
  readonly counts: SyncCounts;
  readonly held: { readonly wouldDelete: number; readonly live: number } | null;
  readonly cursor: string;
}

/**
 * Reconciliation of one entity, resumable phase by phase: stream the source's complete ID listing
 * into reconcile_listings; fetch and upsert what is missing, older or soft-deleted here (this also
 * heals what deltas missed); then, only once the listing is complete, soft-delete rows that were
 * here before the listing began and are not in it, unless that is more than the hold threshold.
 * A completed listing is kept until the entity's next reconciliation completes (`verify` judges
 * deletions by it); a held one is dropped, as is one a newer run abandons.
 */
export function createReconcileEntityActivity(deps: ActivityDeps, orgs: OrgContextCache) {
  return async function reconcileEntity(input: ReconcileEntityInput): Promise<ReconcileEntityResult> {
    const context = await orgs.get(input.orgId);
    const entity = context.connector.entity(input.entity);
    const { workflowId } = callingWorkflow();
    const run: RunKey = {
      workflowId,
      syncId: input.syncId,
      orgId: input.orgId,
      kind: 'reconcile',
      entity: entity.name,
    };
    const scope: ListingScope = {
      syncId: input.syncId,
      orgId: input.orgId,
      entity: entity.name,
      table: entity.table,
    };
    const key = { orgId: input.orgId, entity: entity.name, kind: 'reconcile' as const };
    const deadline = Date.now() + deps.settings.sliceMs;
    const counts: SyncCounts = { ...EMPTY_COUNTS };
    let pages = 0;

    const stored = await readCursor<ReconcileCursor>(deps.db, key);
    let revision = stored.revision;
    let cursor: ReconcileCursor;
    if (stored.cursor?.syncId === input.syncId) {
      cursor = stored.cursor;
    } else {
      await dropOtherListings(deps.db, scope);
      cursor = await freshCursor(deps, input.syncId);
    }

    while (cursor.phase === 'listing' && Date.now() < deadline) {
      const current: ReconcileCursor = cursor;
      const page = await withInlineRetries(
        deps.settings,
        () =>
          context.client.listIds({
            path: entity.paths.ids,
            after: current.after ?? undefined,
            limit: deps.settings.idPageSize,
          }),
        (waitMs) => context.blockRequestsFor(waitMs),
      );
      const listed = current.listed + page.entries.length;
      ({ cursor, revision } = await moveReconcileCursor(deps, entity, key, revision, async (trx) => {
        await addListedIds(trx, scope, page.entries);
        return page.nextAfter === null
          ? { ...current, phase: 'healing', after: null, listed, pages: current.pages + 1 }
          : { ...current, after: page.nextAfter, listed, pages: current.pages + 1 };
      }));
      pages += 1;
      heartbeatCommitted({ entity: entity.name, phase: 'listing', pages });
      if (cursor.phase === 'healing') await refreshListingStatistics(deps.db);
    }

    if (cursor.phase === 'healing') {
      const healed = await healListedRecords({
        deps,
        context,
        entity,
        scope,
        run,
        deadline,
        cursor,
        revision,
      });
      ({ cursor, revision } = healed);
      addCounts(counts, healed.counts);
      pages += healed.pages;
    }

    if (cursor.phase === 'deciding') {
      const deciding = cursor;
      ({ cursor, revision } = await moveReconcileCursor(deps, entity, key, revision, async (trx) => {
        const startedAt = deps.settings.reconcileSafety ? deciding.listingStartedAt : null;
        const candidates = await countDeletionCandidates(trx, scope, startedAt);
        const threshold = input.holdThreshold;
        const overThreshold =
          candidates.wouldDelete > threshold.minRows &&
          candidates.wouldDelete > threshold.share * candidates.live;
        if (overThreshold && !input.approveDeletions) {
          // Nothing was decided on it: the last completed listing stays the evidence.
          await dropListing(trx, scope);
          return { ...deciding, phase: 'held', held: candidates };
        }
        const deleted = await softDeleteUnlisted(trx, scope, startedAt);
        await resolveQuarantineOfUnlisted(trx, scope, startedAt);
        // Kept (until the next run of the entity completes) as the evidence `verify` judges
        // deletions by; the listing it replaces goes.
        await keepCompletedListing(trx, scope, deciding.listingStartedAt);
        await addRunCounts(trx, run, { deleted });
        counts.deleted += deleted;
        return { ...deciding, phase: 'done', held: null };
      }));
    }

    const done = cursor.phase === 'done' || cursor.phase === 'held';
    if (done) {
      await finishRun(deps.db, run, {
        status: cursor.phase === 'held' ? 'held' : 'succeeded',
        error: cursor.held
          ? `held: would delete ${cursor.held.wouldDelete} of ${cursor.held.live} live rows`
          : undefined,
      });
    }
    return {
      phase: cursor.phase,
      done,
      pages,
      counts,
      held: cursor.held,
      cursor: describeReconcileCursor(cursor),
    };
  };
}

async function freshCursor(deps: ActivityDeps, syncId: string): Promise<ReconcileCursor> {
  // Database time: the clock first_seen_at is written with.
  const listingStartedAt = await databaseClock(deps.db);
  return {
    syncId,
    phase: 'listing',
    listingStartedAt: listingStartedAt.toISOString(),
    after: null,
    listed: 0,
    pages: 0,
    held: null,
  };
}
