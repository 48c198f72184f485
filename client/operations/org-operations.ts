import { ScheduleNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { scheduleId } from '../../workflows/shared/workflow-ids';
import { connectorNames } from '../../connectors/registry';
import { createOrganization, findOrganization } from '../../db/repositories/organizations.repository';
import type { Organization } from '../../db/tables/organizations.table';
import { applySchedules } from '../../schedules/apply-schedules';
import { usageErrorOf } from '../cli/flag-names';
import { UsageError } from '../cli/usage-error';
import { type OperationsContext, requireCipher } from './operations-context';
import { requireOrganization } from './org-lookup';
import { organizationId, organizationSettings } from './org-settings-input';
import { startSync, type StartedSync } from './start-sync';

/** `org add` input, validated before anything is written. */
export const addOrganizationInput = z.object({
  ...organizationSettings,
  id: organizationId.optional(),
  connector: z.string().refine((name) => connectorNames().includes(name), {
    message: `must be one of: ${connectorNames().join(', ')}`,
  }),
  timezone: organizationSettings.timezone.default('UTC'),
  webhookSecret: organizationSettings.webhookSecret.optional(),
  reconcileHour: organizationSettings.reconcileHour.default(2),
  // Absent: the column's default (20/s).
  requestsPerSecond: organizationSettings.requestsPerSecond.optional(),
});
export type AddOrganizationInput = z.input<typeof addOrganizationInput>;

/** `org add --id X` where an organization X exists (a removed one too: its rows keep the id). */
function organizationExists(orgId: string): UsageError {
  return new UsageError(
    `organization ${orgId} exists: choose another --id (or \`org remove ${orgId} --purge\` first)`,
  );
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === '23505';
}

export interface AddedOrganization {
  readonly org: Organization;
  readonly schedules: readonly string[];
  readonly initialSync: StartedSync;
}

/**
 * Adds an organization: stores it (credentials encrypted), creates its schedules and starts its
 * initial full sync. Its scheduled deltas skip every entity until that full sync has completed it.
 */
export async function addOrganization(
  context: OperationsContext,
  input: AddOrganizationInput,
): Promise<AddedOrganization> {
  const parsed = addOrganizationInput.safeParse(input);
  if (!parsed.success) throw usageErrorOf(parsed.error);
  const values = parsed.data;
  const cipher = requireCipher(context);
  if (values.id !== undefined && (await findOrganization(context.db, values.id)))
    throw organizationExists(values.id);
  const org = await createOrganization(context.db, cipher, {
    id: values.id,
    name: values.name,
    connector: values.connector,
    apiBaseUrl: values.apiUrl,
    timeZone: values.timezone,
    credentials: { token: values.token },
    webhookSecret: values.webhookSecret,
    reconcileHour: values.reconcileHour,
    requestsPerSecond: values.requestsPerSecond,
  }).catch((err: unknown) => {
    // Two adds of one id at once: the primary key decides, and the loser is told as above.
    if (values.id !== undefined && isUniqueViolation(err)) throw organizationExists(values.id);
    throw err;
  });
  const schedules = await applySchedules(context.temporal, context.db, context.taskQueue, { orgId: org.id });
  const initialSync = await startSync(context, 'full', { orgId: org.id });
  return {
    org,
    schedules: [...schedules.created, ...schedules.updated, ...schedules.unchanged],
    initialSync,
  };
}

export interface RemovedOrganization {
  readonly orgId: string;
  readonly schedulesDeleted: readonly string[];
  readonly workflowsTerminated: readonly string[];
  readonly purged: boolean;
}

/**
 * Removes an organization: deletes its schedules and terminates its running workflows. Without
 * `purge` the org row and its synced rows stay (marked removed); with it, every row of the org goes.
 */
export async function removeOrganization(
  context: OperationsContext,
  orgId: string,
  options: { readonly purge: boolean },
): Promise<RemovedOrganization> {
  // A removed org may be removed again, e.g. to purge its rows.
  await requireOrganization(context, orgId, { allowRemoved: true, asArgument: true });
  await context.db
    .updateTable('organizations')
    .set({ removed_at: new Date() })
    .where('id', '=', orgId)
    .execute();
  const schedulesDeleted = await deleteOrgSchedules(context, orgId);
  const terminated: string[] = [];
  const running = context.temporal.workflow.list({
    query: `OrgId = "${orgId}" AND ExecutionStatus = "Running"`,
  });
  for await (const execution of running) {
    await context.temporal.workflow
      .getHandle(execution.workflowId, execution.runId)
      .terminate(`organization ${orgId} removed`)
      .catch(() => undefined);
    terminated.push(execution.workflowId);
  }
  if (options.purge) await context.db.deleteFrom('organizations').where('id', '=', orgId).execute();
  return { orgId, schedulesDeleted, workflowsTerminated: terminated, purged: options.purge };
}

/** Deletes the org's schedules by their known ids (a listing could still miss brand-new ones). */
async function deleteOrgSchedules(context: OperationsContext, orgId: string): Promise<string[]> {
  const deleted: string[] = [];
  for (const kind of ['delta', 'reconcile'] as const) {
    const id = scheduleId(orgId, kind);
    try {
      await context.temporal.schedule.getHandle(id).delete();
      deleted.push(id);
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    }
  }
  return deleted;
}
