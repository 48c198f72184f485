import type { Kysely } from 'kysely';
import { createApiClient } from '../connectors/api-client';
import type { ApiClient } from '../connectors/api-client/types';
import type { LoadedConnector } from '../connectors/load-connector';
import type { CredentialsCipher } from '../db/credentials-cipher';
import type { Database } from '../db/database';
import { decryptOrganizationSecrets } from '../db/repositories/organizations.repository';
import { takeRateToken } from '../db/repositories/rate-budget.repository';
import type { Organization } from '../db/tables/organizations.table';

export interface OrgApiClientOptions {
  readonly db: Kysely<Database>;
  readonly cipher: CredentialsCipher;
  readonly org: Organization;
  readonly connector: LoadedConnector;
  readonly timeoutMs: number;
  /** How to wait when the org's shared rate budget says so (activities heartbeat meanwhile). */
  readonly holdBack: (waitMs: number) => Promise<void>;
}

/**
 * An API client for one organization: its decrypted credentials, its connector's pagination, and
 * every request taken from the org's fleet-wide rate budget first. Syncs and `verify` share it.
 */
export function createOrgApiClient(options: OrgApiClientOptions): ApiClient {
  const { db, org } = options;
  return createApiClient({
    baseUrl: org.api_base_url,
    token: decryptOrganizationSecrets(options.cipher, org).credentials.token ?? '',
    paginationStyle: options.connector.definition.pagination,
    timeoutMs: options.timeoutMs,
    beforeRequest: async () => {
      const { waitMs } = await takeRateToken(db, org.id);
      if (waitMs > 0) await options.holdBack(waitMs);
    },
  });
}
