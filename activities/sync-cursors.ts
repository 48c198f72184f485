import type { PageCursor } from '../connectors/api-client/types';

/**
 * Cursor states, stored as JSON in sync_cursors and written in the transaction of the rows they
 * cover. Each names the sync (`syncId`) it belongs to, so a retried activity or a resumed workflow
 * continues its own sync, while a new sync starts afresh.
 */

/** Full sync of one entity: where the listing stands and the newest change seen so far. */
export interface FullCursor {
  readonly syncId: string;
  /** The next page to fetch; null before the first page. */
  readonly page: PageCursor | null;
  /** Highest delta-field value seen (source clock): the first delta starts from it. */
  readonly maxSeen: string | null;
  readonly pages: number;
  readonly complete: boolean;
}

/** Delta sync of one entity: the watermark, and the run in progress if any. */
export interface DeltaCursor {
  /** Set once a full sync of the entity completed: until then deltas skip the entity. */
  readonly ready: boolean;
  /** Highest delta-field value a completed sync saw. */
  readonly watermark: string | null;
  readonly run: {
    readonly syncId: string;
    readonly since: string | null;
    readonly page: PageCursor | null;
    readonly maxSeen: string | null;
    readonly pages: number;
  } | null;
  /** The sync whose run last completed (cleared `run`): a late attempt of it finds its work done. */
  readonly finishedBy?: string;
}

export type ReconcilePhase = 'listing' | 'healing' | 'deciding' | 'held' | 'done';

/** Reconciliation of one entity. */
export interface ReconcileCursor {
  readonly syncId: string;
  readonly phase: ReconcilePhase;
  /** Database time when the listing began: rows first seen after it are never deleted by this run. */
  readonly listingStartedAt: string;
  /** ID listing position (exclusive), then heal position. */
  readonly after: string | null;
  readonly listed: number;
  readonly pages: number;
  /** Set when held: how many rows the run would delete, out of how many live. */
  readonly held: { readonly wouldDelete: number; readonly live: number } | null;
}

/** The later of two ISO timestamps (null counts as earliest). */
export function laterOf(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/** A short, value-free description of a page cursor for progress displays. */
export function describePageCursor(page: PageCursor | null): string {
  if (page === null) return 'start';
  if (page.style === 'page') return `page ${page.page}`;
  return page.style;
}

export function describeFullCursor(cursor: FullCursor): string {
  return cursor.complete ? 'complete' : describePageCursor(cursor.page);
}

export function describeReconcileCursor(cursor: ReconcileCursor): string {
  return `${cursor.phase}, ${cursor.listed} ids listed`;
}

/** What a stored cursor says about one sync's committed work on its entity. */
export interface CommittedPosition {
  /** Pages this sync committed for the entity so far. */
  readonly pages: number;
  /** Value-free description of where it stands (as the workflow's progress describes it). */
  readonly cursor: string;
  /** A reconciliation's phase, which moves from listing to healing within one activity. */
  readonly reconcilePhase: ReconcilePhase | null;
}

/**
 * Reads the committed position of sync `syncId` from an entity's stored cursor of `kind`, or
 * undefined when the cursor belongs to another sync (or none of this sync's pages committed yet, or
 * a finished delta, whose cursor keeps no run).
 */
export function committedPosition(
  kind: string,
  stored: unknown,
  syncId: string,
): CommittedPosition | undefined {
  if (typeof stored !== 'object' || stored === null) return undefined;
  if (kind === 'full') {
    const cursor = stored as FullCursor;
    if (cursor.syncId !== syncId) return undefined;
    return { pages: cursor.pages, cursor: describeFullCursor(cursor), reconcilePhase: null };
  }
  if (kind === 'delta') {
    const { run } = stored as DeltaCursor;
    if (run?.syncId !== syncId) return undefined;
    return { pages: run.pages, cursor: describePageCursor(run.page), reconcilePhase: null };
  }
  if (kind === 'reconcile') {
    const cursor = stored as ReconcileCursor;
    if (cursor.syncId !== syncId) return undefined;
    return { pages: cursor.pages, cursor: describeReconcileCursor(cursor), reconcilePhase: cursor.phase };
  }
  return undefined;
}
