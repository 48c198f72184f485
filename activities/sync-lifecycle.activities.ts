import { WorkflowNotFoundError } from '@temporalio/client';
import { finishRun, finishRunningEntities } from '../db/repositories/sync-runs.repository';
import {
  type LeaseHolder,
  releaseLease,
  requestRerun,
  takeOverLease,
  tryAcquireLease,
} from '../db/repositories/sync-leases.repository';
import type { SyncRunStatus } from '../db/tables/sync-runs.table';
import type { SyncKind } from '../workflows/shared/sync-kind';
import type { ActivityDeps } from './activity-deps';
import { callingWorkflow } from './calling-workflow';
import type { OrgContextCache } from './org-context';

export interface BeginSyncInput {
  readonly orgId: string;
  readonly kind: Exclude<SyncKind, 'record'>;
  readonly syncId: string;
  /** Limit the sync to these entities (their dependencies are not added). */
  readonly entities?: readonly string[] | undefined;
}

export type BeginSyncResult =
  | {
      readonly started: true;
      /** The entities to sync, in dependency order, grouped into levels that may run in parallel. */
      readonly levels: readonly (readonly string[])[];
    }
  | { readonly started: false; readonly coalescedInto: string };

export interface EndSyncInput {
  readonly orgId: string;
  readonly kind: Exclude<SyncKind, 'record'>;
  readonly syncId: string;
  readonly status: SyncRunStatus;
  readonly error?: string | undefined;
}

/**
 * Start and end of a sync run: the (org, kind) lease that makes one workflow the only writer, the
 * run's sync_runs row, and the entity plan from the org's connector.
 */
export function createSyncLifecycleActivities(deps: ActivityDeps, orgs: OrgContextCache) {
  /** Whether the lease holder's workflow still runs (else its lease is stale). */
  const isRunning = async (holder: LeaseHolder): Promise<boolean> => {
    try {
      const description = await deps.temporal.workflow.getHandle(holder.workflowId).describe();
      return description.status.name === 'RUNNING';
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  };

  async function beginSync(input: BeginSyncInput): Promise<BeginSyncResult> {
    const { connector } = await orgs.get(input.orgId);
    const plan = connector.entitiesInOrder(input.entities);
    const me: LeaseHolder = callingWorkflow();
    const runKey = { workflowId: me.workflowId, syncId: input.syncId, orgId: input.orgId, kind: input.kind };
    for (;;) {
      const lease = await tryAcquireLease(deps.db, input.orgId, input.kind, me);
      if (lease.acquired) break;
      if (await isRunning(lease.holder)) {
        // Coalesce: the running sync runs once more when it ends, which covers this trigger.
        await requestRerun(deps.db, input.orgId, input.kind);
        await finishRun(deps.db, runKey, {
          status: 'skipped',
          error: `coalesced into ${lease.holder.workflowId}`,
        });
        return { started: false, coalescedInto: lease.holder.workflowId };
      }
      await takeOverLease(deps.db, input.orgId, input.kind, lease.holder, me);
    }
    await finishRun(deps.db, runKey, { status: 'running' });
    const wanted = new Set(plan.map((entity) => entity.name));
    const levels = connector.levels
      .map((level) => level.filter((name) => wanted.has(name)))
      .filter((l) => l.length > 0);
    return { started: true, levels };
  }

  async function endSync(input: EndSyncInput): Promise<{ readonly rerunRequested: boolean }> {
    const { workflowId } = callingWorkflow();
    await finishRun(
      deps.db,
      { workflowId, syncId: input.syncId, orgId: input.orgId, kind: input.kind },
      { status: input.status, error: input.error },
    );
    // A cancelled run's entities stop where they are; a failed run's keep their last state, as before.
    if (input.status === 'cancelled') await finishRunningEntities(deps.db, input.syncId, 'cancelled');
    return releaseLease(deps.db, input.orgId, input.kind, workflowId);
  }

  return { beginSync, endSync };
}
