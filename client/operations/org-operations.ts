import { ScheduleNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { scheduleId } from '../../workflows/shared/workflow-ids';
import { connectorNames } from '../../connectors/registry';
import { createOrganization } from '../../db/repositories/organizations.repository';
import type { Organization } from '../../db/tables/organizations.table';
import { applySchedules } from '../../schedules/apply-schedules';
import { usageErrorOf } from '../cli/flag-names';
import { type OperationsContext, requireCipher } from './operations-context';
import { requireOrganization } from './org-lookup';
import { startSync, type StartedSync } from './start-sync';

const timeZone = z.string().refine((value) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/Berlin');

/** `org add` input, validated before anything is written. */
export const addOrganizationInput = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lowercase letters, digits, "_" or "-" (max 63)')
    .optional(),
  name: z.string().min(1).max(200),
  apiUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  token: z.string().min(1, 'must not be empty'),
  connector: z.string().refine((name) => connectorNames().includes(name), {
    message: `must be one of: ${connectorNames().join(', ')}`,
  }),
  timezone: timeZone.default('UTC'),
  webhookSecret: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=]+$/, 'must look like whsec_<base64>')
    .optional(),
  reconcileHour: z.coerce.number().int().min(0).max(23).default(2),
});
export type AddOrganizationInput = z.input<typeof addOrganizationInput>;

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
  const created = await createOrganization(context.db, requireCipher(context), {
    id: values.id,
    name: values.name,
    connector: values.connector,
    apiBaseUrl: values.apiUrl,
    timeZone: values.timezone,
    credentials: { token: values.token },
    webhookSecret: values.webhookSecret,
  });
  const org = await context.db
    .updateTable('organizations')
    .set({ reconcile_hour: values.reconcileHour })
    .where('id', '=', created.id)
    .returningAll()
    .executeTakeFirstOrThrow();
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
