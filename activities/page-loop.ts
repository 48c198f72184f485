import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Transaction } from 'kysely';
import type { EntityDefinition } from '../connectors/connector-definition';
import type { RawPage } from '../connectors/api-client/types';
import type { Database } from '../db/database';
import { commitPage } from '../db/entity-writes/commit-page';
import { type CursorKey, readCursor, type StoredCursor } from '../db/repositories/sync-cursors.repository';
import type { RunKey } from '../db/repositories/sync-runs.repository';
import { addCounts, EMPTY_COUNTS, type SyncCounts } from '../workflows/shared/sync-progress';
import type { ActivityDeps } from './activity-deps';
import { countPage, pageCounts } from './activity-metrics';
import { type ClassifiedRecords, classifyRecords } from './classify-records';
import type { OrgContext } from './org-context';

export interface PageLoop<C> {
  readonly deps: ActivityDeps;
  readonly context: OrgContext;
  readonly entity: EntityDefinition;
  readonly key: CursorKey;
  readonly run: RunKey;
  /** Stop starting new pages after this time (epoch ms); the workflow calls again. */
  readonly deadline: number;
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
  readonly pages: number;
  readonly counts: SyncCounts;
}

/**
 * The heart of full and delta syncs: fetch a page, validate and transform it, commit its rows and
 * the next cursor in one transaction, heartbeat, repeat until the listing ends or the slice's
 * deadline passes. While a page commits, the page after it is already being fetched (its cursor
 * is known before the commit), so the API and the database work at the same time; a page fetched
 * ahead is always committed, also past the deadline. Because progress lives in the database, a
 * retried or resumed activity starts at the last committed page: at most the two pages in flight
 * are fetched twice.
 */
export async function runPageLoop<C>(loop: PageLoop<C>): Promise<PageLoopResult<C>> {
  const { deps, entity, key } = loop;
  let stored = await readCursor<C>(deps.db, key);
  let cursor = loop.resume(stored);
  let revision = stored.revision;
  const counts: SyncCounts = { ...EMPTY_COUNTS };
  let pages = 0;
  let ahead: Promise<RawPage> | undefined;
  while (!loop.isComplete(cursor) && (ahead !== undefined || Date.now() < loop.deadline)) {
    const page = await (ahead ?? loop.fetch(cursor));
    ahead = undefined;
    const classified = classifyRecords(entity, page.records);
    const next = loop.advance(cursor, page, classified);
    const complete = loop.isComplete(next);
    if (!complete && Date.now() < loop.deadline) ahead = fetchAhead(loop, next);
    const result = await commitPage(deps.db, {
      monotonic: deps.settings.monotonicWrites,
      orgId: key.orgId,
      entity,
      valid: classified.valid,
      invalid: classified.invalid,
      fetched: page.records.length,
      cursor: { key, expectedRevision: revision, next },
      run: loop.run,
      alsoInTransaction: complete && loop.onComplete ? (trx) => loop.onComplete!(trx, next) : undefined,
    });
    if (!result.committed) {
      // Another attempt of this activity (one Temporal gave up on, still running somewhere) moved
      // the cursor: carry on from what it committed, or stop if a newer sync took over.
      ahead = undefined;
      stored = await readCursor<C>(deps.db, key);
      const resumed = loop.resume(stored);
      if (JSON.stringify(resumed) !== JSON.stringify(stored.cursor)) {
        throw ApplicationFailure.nonRetryable(
          `The ${key.kind} cursor of ${entity.name} belongs to a newer sync`,
          'Superseded',
        );
      }
      cursor = resumed;
      revision = stored.revision;
      continue;
    }
    cursor = next;
    revision = result.revision ?? revision;
    pages += 1;
    const committed = pageCounts(result.counts, page.records.length, classified.invalid.length);
    addCounts(counts, committed);
    countPage(key.orgId, entity.name, key.kind, committed);
    Context.current().heartbeat({ entity: entity.name, pages });
  }
  return { cursor, complete: loop.isComplete(cursor), pages, counts };
}

/** Starts fetching the page at `cursor`; its failure surfaces when (and if) the page is awaited. */
function fetchAhead<C>(loop: PageLoop<C>, cursor: C): Promise<RawPage> {
  const page = loop.fetch(cursor);
  // Handled now, so that a failure while the current page commits is not an unhandled rejection.
  page.catch(() => undefined);
  return page;
}
