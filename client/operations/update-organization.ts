import { z } from 'zod';
import { updateOrganization as updateOrganizationRow } from '../../db/repositories/organizations.repository';
import type { Organization } from '../../db/tables/organizations.table';
import { applySchedules } from '../../schedules/apply-schedules';
import { UsageError } from '../cli/usage-error';
import { type OperationsContext, requireCipher } from './operations-context';
import { organizationSettings } from './org-settings-input';
import { requireOrganization } from './org-lookup';
import { flagOf, usageErrorOf } from '../cli/flag-names';

const SETTINGS = [...Object.keys(organizationSettings), 'clearWebhookSecret'];

/** `org update` input: any of the settings `org add` takes, validated by the same pieces. */
export const updateOrganizationInput = z
  .object(organizationSettings)
  .partial()
  .extend({ clearWebhookSecret: z.boolean().optional() })
  .superRefine((input, ctx) => {
    if (Object.values(input).every((value) => value === undefined || value === false)) {
      ctx.addIssue({
        code: 'custom',
        message: `nothing to change: pass at least one of ${SETTINGS.map(flagOf).join(', ')}`,
      });
    }
    if (input.webhookSecret !== undefined && input.clearWebhookSecret) {
      ctx.addIssue({
        code: 'custom',
        path: ['clearWebhookSecret'],
        message: 'cannot be combined with --webhook-secret',
      });
    }
  });
export type UpdateOrganizationInput = z.input<typeof updateOrganizationInput>;

export interface UpdatedOrganization {
  readonly org: Organization;
  /** The options that were given, e.g. `timezone`, `token` (never their values). */
  readonly changed: readonly string[];
  /** Schedules updated to the new time zone or hour (empty when neither changed). */
  readonly schedulesUpdated: readonly string[];
}

/**
 * Changes an organization's settings (secrets encrypted). The row's `updated_at` moves, so every
 * worker and webhook receiver picks the change up within seconds (OrgRowCache); the rate budget
 * reads `requests_per_second` on each request. A new time zone or reconcile hour re-applies the
 * org's schedules at once.
 */
export async function updateOrganization(
  context: OperationsContext,
  orgId: string,
  input: UpdateOrganizationInput,
): Promise<UpdatedOrganization> {
  const parsed = updateOrganizationInput.safeParse(input);
  if (!parsed.success) throw usageErrorOf(parsed.error);
  const values = parsed.data;
  await requireOrganization(context, orgId, { asArgument: true });
  const org = await updateOrganizationRow(context.db, requireCipher(context), orgId, {
    name: values.name,
    apiBaseUrl: values.apiUrl,
    timeZone: values.timezone,
    reconcileHour: values.reconcileHour,
    requestsPerSecond: values.requestsPerSecond,
    token: values.token,
    webhookSecret: values.clearWebhookSecret ? null : values.webhookSecret,
  });
  // Purged between the check and the update.
  if (!org) throw new UsageError(`no organization "${orgId}" (see \`sync-engine org list\`)`);
  const schedules =
    values.timezone !== undefined || values.reconcileHour !== undefined
      ? await applySchedules(context.temporal, context.db, context.taskQueue, { orgId })
      : undefined;
  return {
    org,
    changed: Object.entries(values)
      .filter(([, value]) => value !== undefined && value !== false)
      .map(([key]) => key),
    schedulesUpdated: [...(schedules?.created ?? []), ...(schedules?.updated ?? [])],
  };
}
