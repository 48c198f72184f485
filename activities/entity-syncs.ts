import type { Transaction } from 'kysely';
import type { PageCursor, RawPage } from '../connectors/api-client/types';
import type { EntityDefinition } from '../connectors/connector-definition';
import type { Database } from '../db/database';
import { compareAndSetCursor, readCursor } from '../db/repositories/sync-cursors.repository';
import type { RunKey } from '../db/repositories/sync-runs.repository';
import { EMPTY_COUNTS } from '../workflows/shared/sync-progress';
import type { ActivityDeps } from './activity-deps';
import { withInlineRetries } from './failures';
import type { OrgContext } from './org-context';
import { type PageLoopResult, runPageLoop } from './page-loop';
import { type DeltaCursor, describeFullCursor, type FullCursor, laterOf } from './sync-cursors';

export interface EntitySyncRequest {
  readonly deps: ActivityDeps;
  readonly context: OrgContext;
  readonly entity: EntityDefinition;
  readonly syncId: string;
  readonly run: RunKey;
  readonly deadline: number;
}

/** What one activity call achieved for one entity. */
export interface EntitySliceOutcome extends Omit<PageLoopResult<unknown>, 'cursor'> {
  readonly skipped: string | null;
  /** Value-free description of the cursor, for progress. */
  readonly cursor: string;
}

/**
 * Full sync of one entity: every record, in (updated_at, id) order. Records changed while we page
 * move behind the cursor and are still reached. The page that ends the listing also makes the
 * entity's delta cursor ready, with the newest change seen as its watermark.
 */
export async function syncEntityFully(request: EntitySyncRequest): Promise<EntitySliceOutcome> {
  const { context, entity, syncId } = request;
  const result = await runPageLoop<FullCursor>({
    ...request,
    key: { orgId: context.org.id, entity: entity.name, kind: 'full' },
    resume: ({ cursor }) =>
      cursor?.syncId === syncId ? cursor : { syncId, page: null, maxSeen: null, pages: 0, complete: false },
    isComplete: (cursor) => cursor.complete,
    fetch: (cursor) => fetchListPage(request, { cursor: cursor.page }),
    advance: (cursor, page, classified) => ({
      syncId,
      page: page.next,
      maxSeen: laterOf(cursor.maxSeen, classified.maxSeen),
      pages: cursor.pages + 1,
      complete: page.next === null,
    }),
    onComplete: (trx, cursor) => makeDeltaReady(trx, context.org.id, entity.name, cursor.maxSeen),
  });
  return {
    ...result,
    skipped: null,
    cursor: describeFullCursor(result.cursor),
  };
}

/** After a full sync of the entity: deltas may run, from the newest change it saw. */
async function makeDeltaReady(
  trx: Transaction<Database>,
  orgId: string,
  entity: string,
  maxSeen: string | null,
): Promise<void> {
  const key = { orgId, entity, kind: 'delta' as const };
  const { cursor, revision } = await readCursor<DeltaCursor>(trx, key);
  const next: DeltaCursor = {
    ready: true,
    watermark: laterOf(cursor?.watermark ?? null, maxSeen),
    run: cursor?.run ?? null,
    finishedBy: cursor?.finishedBy,
  };
  // The entity's write lock is held: no delta commit can move this cursor under us.
  await compareAndSetCursor(trx, key, revision, next);
}

/**
 * Delta sync of one entity: records changed since the watermark minus the look-back window
 * (inclusive; ties broken by id in the keyset), so late-visible writes and same-millisecond
 * changes are not missed. Re-read records cost an "unchanged" count, not a write.
 */
export async function syncEntityDelta(request: EntitySyncRequest): Promise<EntitySliceOutcome> {
  const { deps, context, entity, syncId } = request;
  const key = { orgId: context.org.id, entity: entity.name, kind: 'delta' as const };
  const initial = await readCursor<DeltaCursor>(deps.db, key);
  if (!initial.cursor?.ready) {
    return {
      skipped: 'waits for its initial full sync',
      complete: true,
      runFinished: false,
      pages: 0,
      counts: { ...EMPTY_COUNTS },
      cursor: 'not ready',
    };
  }
  const result = await runPageLoop<DeltaCursor>({
    ...request,
    key,
    stored: initial,
    resume: ({ cursor }) => {
      const stored = cursor ?? { ready: true, watermark: null, run: null };
      if (stored.run ? stored.run.syncId === syncId : stored.finishedBy === syncId) return stored;
      const since =
        stored.watermark === null
          ? null
          : new Date(Date.parse(stored.watermark) - deps.settings.lookbackMs).toISOString();
      return { ...stored, run: { syncId, since, page: null, maxSeen: null, pages: 0 } };
    },
    // A finished run clears `run`; a cursor whose run is another sync's has not started this one.
    isComplete: (cursor) => cursor.run === null,
    fetch: (cursor) =>
      fetchListPage(request, { cursor: cursor.run?.page ?? null, updatedSince: cursor.run?.since ?? null }),
    advance: (cursor, page, classified) => {
      const run = cursor.run!;
      const maxSeen = laterOf(run.maxSeen, classified.maxSeen);
      if (page.next === null) {
        const watermark = laterOf(cursor.watermark, maxSeen);
        // A listing that found nothing leaves the stored cursor as it was, so it costs no write.
        const nothingFound = run.pages === 0 && page.records.length === 0;
        const finishedBy = nothingFound ? cursor.finishedBy : run.syncId;
        return { ready: true, watermark, run: null, ...(finishedBy === undefined ? {} : { finishedBy }) };
      }
      return { ...cursor, run: { ...run, page: page.next, maxSeen, pages: run.pages + 1 } };
    },
  });
  return { ...result, skipped: null, cursor: result.cursor.watermark ?? 'from the beginning' };
}

/** One page of the entity's list endpoint, with the in-activity retries and the org's shared rate-limit waits. */
function fetchListPage(
  { deps, context, entity }: EntitySyncRequest,
  position: { readonly cursor: PageCursor | null; readonly updatedSince?: string | null },
): Promise<RawPage> {
  return withInlineRetries(
    deps.settings,
    () =>
      context.client.listPage({
        path: entity.paths.list,
        limit: context.connector.definition.pageSize,
        updatedSince: position.updatedSince ?? undefined,
        cursor: position.cursor ?? undefined,
      }),
    (waitMs) => context.blockRequestsFor(waitMs),
  );
}
