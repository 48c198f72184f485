import { WorkflowNotFoundError } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { CredentialsCipher } from '../../db/credentials-cipher';
import type { Database } from '../../db/database';
import {
  decryptOrganizationSecrets,
  listOrganizations,
} from '../../db/repositories/organizations.repository';
import type { Organization } from '../../db/tables/organizations.table';
import type { OrgCredentials } from '../../sandbox';
import type { OperationsContext } from '../operations/operations-context';
import { addOrganization } from '../operations/org-operations';
import { startSync } from '../operations/start-sync';
import { syncWorkflowId } from '../../workflows/shared/workflow-ids';

/** A demo org: the engine org that syncs one of dev's own sandbox tenants. */
export interface DemoOrg {
  readonly orgId: string;
  readonly sandboxOrgId: string;
}

/**
 * The sandbox ids dev gives the tenants it creates. The sandbox names tenants created any other way
 * (its admin API) `orgN`, or as their creator chose.
 */
export const demoTenantId = (index: number): string => `demo${index + 1}`;
const DEMO_TENANT_ID = /^demo[1-9]\d*$/;

export interface DemoOrgsInput {
  /** Every tenant of the running sandbox, dev's own and others. */
  readonly tenants: readonly OrgCredentials[];
  readonly sandboxUrl: string;
  /** The demo tenants asked for on this start (`demo1`…`demoN`). */
  readonly requestedTenantIds: readonly string[];
  /** What dev.json remembers from earlier starts. */
  readonly recorded: readonly DemoOrg[];
}

export interface DemoOrgs {
  readonly demoOrgs: DemoOrg[];
  /** Tenants synced by more than one org, and the like: for the terminal. */
  readonly warnings: string[];
}

/**
 * Which org syncs each of dev's own demo tenants, adding an org only for a demo tenant that no org
 * syncs from yet. A tenant that is not dev's own (made with the admin API, synced by an org added
 * with `org add`) is never adopted: dev neither adds an org for it nor points its webhooks anywhere.
 *
 * Who syncs a tenant is read from the organizations table, not from dev.json: an org syncs a sandbox
 * tenant when its stored token is the tenant's (every tenant shares the sandbox's URL; the token
 * alone tells them apart). So a dev.json written before a crash, or one that an earlier version
 * filled with other orgs' tenants, cannot make dev add a second org for a tenant.
 */
export async function resolveDemoOrgs(
  context: OperationsContext & { readonly cipher: CredentialsCipher },
  input: DemoOrgsInput,
): Promise<DemoOrgs> {
  const warnings: string[] = [];
  const syncedBy = await orgsByToken(context.db, context.cipher, warnings);
  const recordedOrgOf = new Map(input.recorded.map((demo) => [demo.sandboxOrgId, demo.orgId]));
  // Only ids dev gives: earlier versions recorded other orgs' tenants as demo tenants too.
  const own = new Set([...input.requestedTenantIds, ...recordedOrgOf.keys()].filter(isDemoTenantId));
  const demoOrgs: DemoOrg[] = [];
  for (const tenant of input.tenants) {
    const orgs = syncedBy.get(tenant.token) ?? [];
    const active = orgs.filter((org) => org.removed_at === null);
    if (active.length > 1) {
      warnings.push(
        `sandbox tenant ${tenant.id} is synced by ${active.length} organizations (${active.map((org) => org.id).join(', ')}); ` +
          "keep one (`org remove ID` the others) and point the tenant's webhooks at it",
      );
    }
    if (!own.has(tenant.id)) continue;
    // Removed with `org remove`: the user's choice stands; no second org, no webhooks.
    if (orgs.length > 0 && active.length === 0) continue;
    const org = active.find((candidate) => candidate.id === recordedOrgOf.get(tenant.id)) ?? active[0];
    const orgId = org
      ? await adoptDemoOrg(context, org, input.sandboxUrl)
      : await addDemoOrg(context, tenant, input.sandboxUrl);
    demoOrgs.push({ orgId, sandboxOrgId: tenant.id });
  }
  return { demoOrgs, warnings };
}

export function isDemoTenantId(id: string): boolean {
  return DEMO_TENANT_ID.test(id);
}

/**
 * Every org by the API token it syncs with (oldest first). An org whose credentials this key cannot
 * read (added with another SYNC_ENGINE_SECRET_KEY) is left out, with a warning: it cannot be synced
 * here either, but it must not keep dev from starting.
 */
async function orgsByToken(
  db: Kysely<Database>,
  cipher: CredentialsCipher,
  warnings: string[],
): Promise<Map<string, Organization[]>> {
  const byToken = new Map<string, Organization[]>();
  for (const org of await listOrganizations(db)) {
    let token: string | undefined;
    try {
      token = decryptOrganizationSecrets(cipher, org).credentials.token;
    } catch (err) {
      warnings.push(`organization ${org.id}: ${(err as Error).message}`);
      continue;
    }
    if (token === undefined) continue;
    byToken.set(token, [...(byToken.get(token) ?? []), org]);
  }
  return byToken;
}

async function addDemoOrg(
  context: OperationsContext,
  tenant: OrgCredentials,
  sandboxUrl: string,
): Promise<string> {
  const added = await addOrganization(context, {
    name: `Demo ${tenant.id}`,
    apiUrl: sandboxUrl,
    token: tenant.token,
    connector: tenant.connector,
    webhookSecret: tenant.webhookSecret,
  });
  return added.org.id;
}

/**
 * An org dev added before. It follows the sandbox when that comes back on another port (its
 * preferred one was taken); `updated_at` moves, so workers drop the org row they cached. And it
 * gets its initial full sync if a stop between storing it and starting that sync left it without one.
 */
async function adoptDemoOrg(
  context: OperationsContext,
  org: Organization,
  sandboxUrl: string,
): Promise<string> {
  if (org.api_base_url !== sandboxUrl) {
    await context.db
      .updateTable('organizations')
      .set({ api_base_url: sandboxUrl, updated_at: new Date() })
      .where('id', '=', org.id)
      .execute();
  }
  if (!(await hasFullSync(context, org.id))) await startSync(context, 'full', { orgId: org.id });
  return org.id;
}

/** Whether a full sync of the org ever ran (a run row) or was started (its workflow, until retention drops it). */
async function hasFullSync(context: OperationsContext, orgId: string): Promise<boolean> {
  const run = await context.db
    .selectFrom('sync_runs')
    .select('id')
    .where('org_id', '=', orgId)
    .where('kind', '=', 'full')
    .limit(1)
    .executeTakeFirst();
  if (run) return true;
  try {
    await context.temporal.workflow.getHandle(syncWorkflowId(orgId, 'full')).describe();
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}
