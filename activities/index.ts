import type { ActivityDeps } from './activity-deps';
import { classifyFailures } from './failures';
import { OrgContextCache } from './org-context';
import { createReconcileEntityActivity } from './reconcile-entity.activity';
import { createSyncEntitiesActivity } from './sync-entities.activity';
import { createSyncLifecycleActivities } from './sync-lifecycle.activities';
import { createSyncRecordsActivity } from './sync-records.activity';

export type { ActivityDeps } from './activity-deps';
export type { BeginSyncInput, BeginSyncResult, EndSyncInput } from './sync-lifecycle.activities';
export type { SyncEntitiesInput, SyncEntitiesResult } from './sync-entities.activity';
export type { ReconcileEntityInput, ReconcileEntityResult, HoldThreshold } from './reconcile-entity.activity';
export type { SyncRecordsInput, SyncRecordsResult } from './sync-records.activity';

/**
 * Every activity of the engine, bound to the worker's dependencies. Activities take and return
 * ids, cursors and counts only: records never enter workflow history.
 */
export function createActivities(deps: ActivityDeps) {
  const orgs = new OrgContextCache(deps);
  return {
    ...classifyFailures({
      ...createSyncLifecycleActivities(deps, orgs),
      syncEntities: createSyncEntitiesActivity(deps, orgs),
      reconcileEntity: createReconcileEntityActivity(deps, orgs),
      syncRecords: createSyncRecordsActivity(deps, orgs),
    }),
    /** Not an activity: closes the cached API clients when the worker stops. */
    close: () => orgs.close(),
  };
}

export type Activities = Omit<ReturnType<typeof createActivities>, 'close'>;
