import { createOrganization } from '../../db/repositories/organizations.repository';
import type { OrgCredentials } from '../../sandbox';
import type { BenchStack } from '../stack/bench-stack';
import { mapLimit } from '../util/map-limit';

/** Far above what one machine can use: the benchmark measures the engine, not the rate budget. */
const REQUESTS_PER_SECOND = 100_000;

export interface BenchOrg {
  /** The engine's organization id. */
  readonly orgId: string;
  readonly sandboxOrg: OrgCredentials;
  readonly records: number;
}

/** New HR orgs at the sandbox (cursor pagination), ids `<prefix>-<n>`, seeded with `records` each. */
export function createSandboxOrgs(
  stack: BenchStack,
  prefix: string,
  count: number,
  records: number,
): Promise<OrgCredentials[]> {
  return mapLimit(
    Array.from({ length: count }, (_, index) => index),
    16,
    (index) =>
      stack.sandbox.admin.createOrg({
        id: `${prefix}-${index + 1}`,
        connector: 'hr',
        records,
        pagination: 'cursor',
      }),
  );
}

/**
 * Registers sandbox orgs as engine organizations (credentials encrypted, as `org add` stores them),
 * without schedules: the benchmark starts every sync itself, so none fires in the middle of a run.
 */
export function addEngineOrgs(
  stack: BenchStack,
  sandboxOrgs: readonly OrgCredentials[],
  records: number,
): Promise<BenchOrg[]> {
  return mapLimit(sandboxOrgs, 16, async (sandboxOrg) => {
    const org = await createOrganization(stack.db, stack.cipher, {
      name: `bench ${sandboxOrg.id}`,
      connector: sandboxOrg.connector,
      apiBaseUrl: stack.sandbox.url,
      credentials: { token: sandboxOrg.token },
      webhookSecret: sandboxOrg.webhookSecret,
    });
    await stack.db
      .updateTable('organizations')
      .set({ requests_per_second: REQUESTS_PER_SECOND })
      .where('id', '=', org.id)
      .execute();
    return { orgId: org.id, sandboxOrg, records };
  });
}

/** Sandbox orgs and their engine organizations in one step. */
export async function createBenchOrgs(
  stack: BenchStack,
  prefix: string,
  count: number,
  records: number,
): Promise<BenchOrg[]> {
  return addEngineOrgs(stack, await createSandboxOrgs(stack, prefix, count, records), records);
}
