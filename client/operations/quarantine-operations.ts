import { listQuarantined } from '../../db/repositories/quarantine.repository';
import { recordSyncWorkflow } from '../../workflows';
import { recordChangedSignal } from '../../workflows/shared/messages';
import { recordSyncWorkflowId } from '../../workflows/shared/workflow-ids';
import type { OperationsContext } from './operations-context';
import { type OrganizationLookup, requireEntities, requireOrganization } from './org-lookup';

/** Unresolved quarantined records of an org (optionally one entity); the org and entity are checked first. */
export async function quarantinedRecords(
  context: OperationsContext,
  orgId: string,
  entity?: string,
  lookup: OrganizationLookup = { allowRemoved: true },
) {
  const org = await requireOrganization(context, orgId, lookup);
  requireEntities(org, entity === undefined ? undefined : [entity]);
  return listQuarantined(context.db, orgId, entity);
}

export interface RetriedQuarantine {
  readonly orgId: string;
  readonly signalled: number;
  readonly workflowId: string;
}

/** Asks the org's record-sync workflow to fetch every quarantined record again (fixed ones heal). */
export async function retryQuarantined(
  context: OperationsContext,
  orgId: string,
  entity?: string,
): Promise<RetriedQuarantine> {
  // A removed org starts no workflow: checked as a sync would be.
  const rows = await quarantinedRecords(context, orgId, entity, {});
  const workflowId = recordSyncWorkflowId(orgId);
  for (const row of rows) {
    await context.temporal.workflow.signalWithStart(recordSyncWorkflow, {
      taskQueue: context.taskQueue,
      workflowId,
      args: [{ orgId }],
      signal: recordChangedSignal,
      signalArgs: [{ entity: row.entity, id: row.external_id }],
    });
  }
  return { orgId, signalled: rows.length, workflowId };
}
