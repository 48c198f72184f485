import type { Kysely } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { getConnector } from '../../connectors/registry';
import type { CredentialsCipher } from '../../db/credentials-cipher';
import type { Database } from '../../db/database';
import { OrgRowCache } from '../../db/org-row-cache';
import { decryptOrganizationSecrets } from '../../db/repositories/organizations.repository';
import type { Organization } from '../../db/tables/organizations.table';

/** What the receiver needs to know of an organization that receives webhooks. */
export interface WebhookOrg {
  readonly id: string;
  /** The entities of its connector: the only ones an event may name. */
  readonly entities: readonly string[];
  /** Signs with the org's decrypted webhook secret. */
  readonly signer: Webhook;
}

/**
 * Organizations by id, with their decrypted webhook secrets: a burst of webhooks costs one
 * decryption, and the row is rechecked every `recheckMs` (one timestamp lookup, see OrgRowCache),
 * so a rotated secret, a removed org or a newly added one takes effect within seconds. Unknown
 * orgs are cached too (bounded), so a flood of them costs at most one lookup per id per recheck;
 * a failed lookup is not cached.
 */
export class WebhookOrgCache {
  private readonly cache: OrgRowCache<WebhookOrg | null>;

  constructor(db: Kysely<Database>, cipher: CredentialsCipher, recheckMs?: number, maxEntries = 10_000) {
    this.cache = new OrgRowCache({
      db,
      build: (_orgId, org) => webhookOrgOf(cipher, org),
      maxEntries,
      ...(recheckMs === undefined ? {} : { recheckMs }),
    });
  }

  /** The org, or null when it does not exist, was removed, or has no webhook secret. */
  get(orgId: string): Promise<WebhookOrg | null> {
    return this.cache.get(orgId);
  }
}

function webhookOrgOf(cipher: CredentialsCipher, org: Organization | undefined): WebhookOrg | null {
  if (!org || org.removed_at !== null) return null;
  const { webhookSecret } = decryptOrganizationSecrets(cipher, org);
  if (webhookSecret === null) return null;
  return {
    id: org.id,
    entities: getConnector(org.connector).order,
    signer: new Webhook(webhookSecret),
  };
}
