import { Context } from '@temporalio/activity';
import type { EntityDefinition } from '../connectors/connector-definition';
import { commitPage } from '../db/entity-writes/commit-page';
import { softDeleteRecords } from '../db/entity-writes/soft-delete';
import { idsToHeal, type ListingScope } from '../db/repositories/reconcile-listings.repository';
import { addRunCounts, type RunKey } from '../db/repositories/sync-runs.repository';
import { addCounts, EMPTY_COUNTS, type SyncCounts } from '../workflows/shared/sync-progress';
import type { ActivityDeps } from './activity-deps';
import { countPage, pageCounts } from './activity-metrics';
import { classifyRecords } from './classify-records';
import { fetchRecordsById } from './fetch-records-by-id';
import type { OrgContext } from './org-context';
import { moveReconcileCursor } from './reconcile-cursor-store';
import type { ReconcileCursor } from './sync-cursors';

const HEAL_BATCH = 200;

export interface HealRequest {
  readonly deps: ActivityDeps;
  readonly context: OrgContext;
  readonly entity: EntityDefinition;
  readonly scope: ListingScope;
  readonly run: RunKey;
  readonly deadline: number;
  readonly cursor: ReconcileCursor;
  readonly revision: number;
}

/**
 * Fetches, by id, every listed record that is missing here, older here, or soft-deleted here, and
 * upserts it (reviving rows the listing proves alive). A 404 means the record went away after the
 * listing saw it: it is soft-deleted. Ends by moving the cursor to the deletion decision.
 */
export async function healListedRecords(request: HealRequest) {
  const { deps, context, entity, scope, run } = request;
  const key = { orgId: scope.orgId, entity: entity.name, kind: 'reconcile' as const };
  let { cursor, revision } = request;
  const counts: SyncCounts = { ...EMPTY_COUNTS };
  let pages = 0;
  while (cursor.phase === 'healing' && Date.now() < request.deadline) {
    const ids = await idsToHeal(deps.db, scope, cursor.after, HEAL_BATCH);
    if (ids.length === 0) {
      ({ cursor, revision } = await moveReconcileCursor(deps, entity, key, revision, () =>
        Promise.resolve({ ...cursor, phase: 'deciding', after: null }),
      ));
      break;
    }
    const fetched = await fetchRecordsById(context, entity, ids, deps.settings);
    const classified = classifyRecords(entity, fetched.found);
    const next: ReconcileCursor = { ...cursor, after: ids[ids.length - 1]!, pages: cursor.pages + 1 };
    let gone = 0;
    const result = await commitPage(deps.db, {
      monotonic: deps.settings.monotonicWrites,
      orgId: scope.orgId,
      entity,
      valid: classified.valid,
      invalid: classified.invalid,
      fetched: fetched.found.length,
      reviveSameVersion: true,
      cursor: { key, expectedRevision: revision, next },
      run,
      alsoInTransaction: async (trx) => {
        gone = await softDeleteRecords(trx, scope.orgId, entity.table, fetched.gone);
        await addRunCounts(trx, run, { deleted: gone });
      },
    });
    if (!result.committed)
      throw new Error(`The reconcile cursor of ${entity.name} was moved by another attempt`);
    cursor = next;
    revision = result.revision ?? revision;
    pages += 1;
    const committed = pageCounts(result.counts, fetched.found.length, classified.invalid.length, gone);
    addCounts(counts, committed);
    countPage(scope.orgId, entity.name, 'reconcile', committed);
    Context.current().heartbeat({ entity: entity.name, phase: 'healing', pages });
  }
  return { cursor, revision, counts, pages };
}
