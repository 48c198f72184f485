import { getConnector } from '../../connectors/registry';
import { findOrganization } from '../../db/repositories/organizations.repository';
import type { Organization } from '../../db/tables/organizations.table';
import { flagError } from '../cli/flag-names';
import { UsageError } from '../cli/usage-error';
import type { OperationsContext } from './operations-context';

export interface OrganizationLookup {
  /**
   * Whether a removed org (`org remove` without --purge) will do: yes for what only reads
   * (status, verify, quarantine list) or finishes the removal; no for what would start work.
   */
  readonly allowRemoved?: boolean;
  /** The id came as a command's argument (`org remove ID`), not as `--org`. */
  readonly asArgument?: boolean;
}

/**
 * The organization named by `--org`, or a usage error naming it: every operation checks the id
 * before it starts anything, so a typo never becomes a workflow that fails (or retries) later.
 */
export async function requireOrganization(
  context: OperationsContext,
  orgId: string,
  options: OrganizationLookup = {},
): Promise<Organization> {
  const fail = (message: string) =>
    options.asArgument ? new UsageError(message) : flagError('org', message);
  const org = await findOrganization(context.db, orgId);
  if (!org) throw fail(`no organization "${orgId}" (see \`sync-engine org list\`)`);
  if (org.removed_at !== null && !options.allowRemoved)
    throw fail(`organization "${orgId}" was removed (\`org remove\`): it syncs no more`);
  return org;
}

/**
 * The entities named by `--entity`, checked against the org's connector: a usage error names the
 * unknown ones and lists the valid ones. Undefined or empty means every entity.
 */
export function requireEntities(org: Organization, entities: readonly string[] | undefined): string[] {
  const known = getConnector(org.connector).order;
  const unknown = (entities ?? []).filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw flagError(
      'entity',
      `${unknown.map((name) => `"${name}"`).join(', ')} ${unknown.length === 1 ? 'is not an entity' : 'are not entities'} of organization ${org.id} (connector ${org.connector}); valid: ${known.join(', ')}`,
    );
  }
  return [...(entities ?? [])];
}
