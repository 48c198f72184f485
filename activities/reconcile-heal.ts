import { heartbeatCommitted } from './failures';
import type { EntityDefinition } from '../connectors/connector-definition';
import { idsToHeal, type ListingScope } from '../db/repositories/reconcile-listings.repository';
import type { RunKey } from '../db/repositories/sync-runs.repository';
import { addCounts, EMPTY_COUNTS, type SyncCounts } from '../workflows/shared/sync-progress';
import type { ActivityDeps } from './activity-deps';
import type { OrgContext } from './org-context';
import { syncRecordsById } from './sync-records-by-id';
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
    const next: ReconcileCursor = { ...cursor, after: ids[ids.length - 1]!, pages: cursor.pages + 1 };
    const result = await syncRecordsById(deps, context, entity, ids, run, {
      reviveSameVersion: true,
      cursor: { key, expectedRevision: revision, next },
    });
    if (!result.committed) {
      throw new Error(`The reconcile cursor of ${entity.name} was moved by another attempt`);
    }
    cursor = next;
    revision = result.revision ?? revision;
    pages += 1;
    addCounts(counts, result.counts);
    heartbeatCommitted({ entity: entity.name, phase: 'healing', pages });
  }
  return { cursor, revision, counts, pages };
}
