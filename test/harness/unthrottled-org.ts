import type { Kysely } from 'kysely';
import type { CredentialsCipher } from '../../db/credentials-cipher';
import type { Database } from '../../db/database';
import { createOrganization } from '../../db/repositories/organizations.repository';
import type { RunningSandbox } from '../../sandbox';
import type { CreateOrgRequest } from '../../sandbox/admin-api';

/**
 * A sandbox org and the engine org that syncs it, for tests that call activities directly: its
 * rate is set far above what a test reaches, so no request waits for the shared budget.
 */
export async function createUnthrottledOrg(
  db: Kysely<Database>,
  cipher: CredentialsCipher,
  sandbox: RunningSandbox,
  name: string,
  spec: CreateOrgRequest,
): Promise<{ readonly orgId: string; readonly sandboxOrgId: string; readonly token: string }> {
  const sandboxOrg = await sandbox.admin.createOrg(spec);
  const org = await createOrganization(db, cipher, {
    name,
    connector: spec.connector,
    apiBaseUrl: sandbox.url,
    credentials: { token: sandboxOrg.token },
  });
  await db
    .updateTable('organizations')
    .set({ requests_per_second: 10_000 })
    .where('id', '=', org.id)
    .execute();
  return { orgId: org.id, sandboxOrgId: sandboxOrg.id, token: sandboxOrg.token };
}
