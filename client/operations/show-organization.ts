import type { Organization } from '../../db/tables/organizations.table';
import { orgScheduleStates, type ScheduleState } from '../../schedules/schedule-state';
import { requireOrganization } from './org-lookup';
import { type EntityRecordCounts, entityRecordCounts } from './entity-record-counts';
import type { OperationsContext } from './operations-context';

export interface OrganizationDetails {
  readonly org: Organization;
  /** Where the provider must send this org's webhooks. */
  readonly webhookUrl: string;
  readonly webhookSecretSet: boolean;
  readonly schedules: readonly ScheduleState[];
  readonly entities: readonly EntityRecordCounts[];
}

/**
 * What an operator needs to wire an org up and see how it stands: its settings, the webhook URL
 * for the provider (on the receiver's public base URL), whether a secret is set (never the secret
 * or the token), its schedules as Temporal has them, and its stored records per entity.
 */
export async function showOrganization(
  context: OperationsContext,
  orgId: string,
  webhookPublicUrl: string,
): Promise<OrganizationDetails> {
  const org = await requireOrganization(context, orgId, { asArgument: true, allowRemoved: true });
  const [schedules, entities] = await Promise.all([
    orgScheduleStates(context.temporal, orgId),
    entityRecordCounts(context.db, orgId, org.connector),
  ]);
  return {
    org,
    webhookUrl: `${webhookPublicUrl}/webhooks/${encodeURIComponent(orgId)}`,
    webhookSecretSet: org.webhook_secret_ciphertext !== null,
    schedules,
    entities,
  };
}
