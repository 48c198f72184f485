import { isDeepStrictEqual } from 'node:util';
import { ApplicationFailure } from '@temporalio/activity';
import type { Transaction } from 'kysely';
import type { EntityDefinition } from '../connectors/connector-definition';
import type { RawPage } from '../connectors/api-client/types';
import type { Database } from '../db/database';
import { commitPage, invalidCount, type PageCommitResult } from '../db/entity-writes/commit-page';
import { type CursorKey, readCursor, type StoredCursor } from '../db/repositories/sync-cursors.repository';
import { holdsLease } from '../db/repositories/sync-leases.repository';
import type { RunKey } from '../db/repositories/sync-runs.repository';
import { addCounts, EMPTY_COUNTS, type SyncCounts } from '../workflows/shared/sync-progress';
import type { ActivityDeps } from './activity-deps';
import { countPage, pageCounts } from './activity-metrics';
import type { ClassifiedRecords } from './classify-records';
import { heartbeatCommitted } from './failures';
import type { OrgContext } from './org-context';
import { PagePrefetch } from './page-prefetch';

export interface PageLoop<C> {
  readonly deps: ActivityDeps;
  readonly context: OrgContext;
  readonly entity: EntityDefinition;
  readonly key: CursorKey;
  readonly run: RunKey;
  /** Stop starting new pages after this time (epoch ms); the workflow calls again. */
  readonly deadline: number;
  /** The stored cursor, if the caller has just read it. */
  readonly stored?: StoredCursor<C | undefined>;
  /** Where this sync stands, from the stored cursor (or a fresh start). */
  readonly resume: (stored: StoredCursor<C | undefined>) => C;
  readonly isComplete: (cursor: C) => boolean;
  readonly fetch: (cursor: C) => Promise<RawPage>;
  /** The cursor after a page. */
  readonly advance: (cursor: C, page: RawPage, classified: ClassifiedRecords) => C;
  /** Writes that commit with the page that completes the listing. */
  readonly onComplete?: (trx: Transaction<Database>, cursor: C) => Promise<void>;
}

export interface PageLoopResult<C> {
  readonly cursor: C;
  readonly complete: boolean;
  /** The run row of the entity was marked succeeded with the page that completed the listing. */
  readonly runFinished: boolean;
  readonly pages: number;
  readonly counts: SyncCounts;
}

/** A batch whose transaction is running. */
interface BatchInFlight<C> {
  readonly commit: Promise<PageCommitResult>;
  readonly next: C;
  readonly pages: number;
  readonly fetched: number;
  readonly invalid: number;
  readonly ids: ReadonlySet<string>;
}

/**
 * The heart of full and delta syncs: pages are fetched and validated ahead of the database (see
 * `PagePrefetch`), and whatever has been fetched when the database is ready, up to
 * `commitBatchRecords`, commits as one transaction with the cursor after its last page; then a
 * heartbeat, until the listing ends or the slice's deadline passes. A slow database gets bigger
 * batches (fewer transactions) rather than a stalled API. A full sync also overlaps two batches:
 * the later one writes its rows while the earlier one finishes, on a second connection, and takes
 * the cursor once the earlier one committed (batches that share a record do not overlap). Pages
 * fetched before the deadline are committed, also past it. Because progress lives in the
 * database, a retried or resumed activity starts at the last committed page: at most the pages in
 * flight (two batches committing, one being fetched) are fetched twice.
 */
export async function runPageLoop<C>(loop: PageLoop<C>): Promise<PageLoopResult<C>> {
  const { deps, entity, key } = loop;
  const batchRecords = deps.settings.commitBatchRecords;
  const overlap = key.kind === 'full';
  let stored = loop.stored ?? (await readCursor<C>(deps.db, key));
  let cursor = loop.resume(stored);
  const counts: SyncCounts = { ...EMPTY_COUNTS };
  let pages = 0;
  let reader = new PagePrefetch(loop, cursor, batchRecords);
  let inFlight: BatchInFlight<C> | undefined;
  let runFinished = false;
  const unsettled = new Set<Promise<PageCommitResult>>();

  /** Waits for the batch in flight; false if another writer had moved the cursor (nothing of it landed). */
  const settle = async (): Promise<boolean> => {
    const batch = inFlight!;
    inFlight = undefined;
    const result = await batch.commit.finally(() => unsettled.delete(batch.commit));
    if (!result.committed) return false;
    cursor = batch.next;
    runFinished = loop.isComplete(batch.next);
    stored = { cursor: batch.next, revision: result.revision ?? stored.revision };
    pages += batch.pages;
    const committed = pageCounts(result.counts, batch.fetched, batch.invalid);
    addCounts(counts, committed);
    countPage(key.orgId, entity.name, key.kind, committed);
    heartbeatCommitted({ entity: entity.name, pages });
    return true;
  };

  /**
   * Another writer moved the cursor: an attempt Temporal gave up on but that still runs somewhere
   * (a frozen worker, a local activity whose workflow task timed out), of this sync or of an
   * earlier one. Carry on from what it committed while this sync holds the lease; only a sync that
   * lost its lease to a newer one stops.
   */
  const resumeAfterConflict = async (): Promise<void> => {
    reader.stop();
    stored = await readCursor<C>(deps.db, key);
    const resumed = loop.resume(stored);
    const ownSync = JSON.stringify(resumed) === JSON.stringify(stored.cursor);
    const holder = { workflowId: loop.run.workflowId, runId: loop.run.syncId };
    if (!ownSync && !(await holdsLease(deps.db, key.orgId, key.kind, holder))) {
      throw ApplicationFailure.nonRetryable(
        `The ${key.kind} cursor of ${entity.name} belongs to a newer sync`,
        'Superseded',
      );
    }
    cursor = resumed;
    reader = new PagePrefetch(loop, cursor, batchRecords);
  };

  try {
    for (;;) {
      const batch = await reader.take(batchRecords);
      if (batch.length === 0) {
        // The listing ended here: the last batch decides whether it did (else read on from the cursor).
        if (inFlight && !(await settle())) {
          await resumeAfterConflict();
          continue;
        }
        break;
      }
      const next = batch[batch.length - 1]!.next;
      const complete = loop.isComplete(next);
      const records = batch.map((item) => item.classified);
      const ids = new Set(records.flatMap((page) => page.valid.map((record) => record.externalId)));
      if (inFlight && (!overlap || sharesRecords(inFlight.ids, ids))) {
        if (!(await settle())) {
          await resumeAfterConflict();
          continue;
        }
      }
      const fetched = batch.reduce((sum, item) => sum + item.page.records.length, 0);
      if (!inFlight && complete && fetched === 0 && isDeepStrictEqual(next, stored.cursor)) {
        // An empty listing that leaves the cursor as stored (a delta with nothing changed): no write.
        cursor = next;
        pages += batch.length;
        continue;
      }
      const before = inFlight;
      const expectedRevision = before ? revisionAfter(before) : stored.revision;
      // Awaited inside the commit, which may fail before it gets there: never an unhandled rejection.
      if (typeof expectedRevision !== 'number') expectedRevision.catch(() => undefined);
      const commit = commitPage(deps.db, {
        monotonic: deps.settings.monotonicWrites,
        orgId: key.orgId,
        entity,
        pages: records,
        fetched,
        cursor: { key, expectedRevision, next },
        lockMode: overlap ? 'batches' : 'exclusive',
        run: loop.run,
        finishesRun: complete,
        alsoInTransaction: complete && loop.onComplete ? (trx) => loop.onComplete!(trx, next) : undefined,
      });
      unsettled.add(commit);
      // Awaited by settle; handled now so that a failure meanwhile is not an unhandled rejection.
      commit.catch(() => undefined);
      const started: BatchInFlight<C> = {
        commit,
        next,
        pages: batch.length,
        fetched,
        invalid: invalidCount(records),
        ids,
      };
      if (before && !(await settle())) {
        // The batch started after it rolls back too: its wait for the cursor revision fails.
        await commit.catch(() => undefined);
        await resumeAfterConflict();
        continue;
      }
      inFlight = started;
    }
  } finally {
    reader.stop();
    // After a failure, transactions still running end (commit or roll back) before the activity does.
    await Promise.allSettled(unsettled);
  }
  return { cursor, complete: loop.isComplete(cursor), runFinished, pages, counts };
}

/** The cursor revision a batch committed; rejects (rolling the next batch back) if it did not commit. */
async function revisionAfter(batch: BatchInFlight<unknown>): Promise<number> {
  const result = await batch.commit;
  if (!result.committed || result.revision === undefined)
    throw new Error('the batch before was not committed');
  return result.revision;
}

function sharesRecords(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const id of b) if (a.has(id)) return true;
  return false;
}
