import type { Kysely } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { getConnector } from '../../connectors/registry';
import type { CredentialsCipher } from '../../db/credentials-cipher';
import type { Database } from '../../db/database';
import { decryptOrganizationSecrets, findOrganization } from '../../db/repositories/organizations.repository';

/** What the receiver needs to know of an organization that receives webhooks. */
export interface WebhookOrg {
  readonly id: string;
  /** The entities of its connector: the only ones an event may name. */
  readonly entities: readonly string[];
  /** Signs with the org's decrypted webhook secret. */
  readonly signer: Webhook;
}

interface CacheEntry {
  readonly expiresAt: number;
  readonly org: Promise<WebhookOrg | null>;
}

/**
 * Organizations by id, with their decrypted webhook secrets, cached for `ttlMs`: a burst of
 * webhooks costs one query and one decryption, and a rotated secret or a removed org takes effect
 * within the TTL. Unknown orgs are cached too (bounded), so a flood of them does not reach the
 * database on every request; a failed lookup is not cached.
 */
export class WebhookOrgCache {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly cipher: CredentialsCipher,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  /** The org, or null when it does not exist, was removed, or has no webhook secret. */
  get(orgId: string): Promise<WebhookOrg | null> {
    const now = Date.now();
    const cached = this.entries.get(orgId);
    if (cached && cached.expiresAt > now) return cached.org;
    this.entries.delete(orgId);
    if (this.entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: the first key is the oldest entry.
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    // Concurrent requests for the same org share this one lookup.
    const org = loadWebhookOrg(this.db, this.cipher, orgId);
    this.entries.set(orgId, { expiresAt: now + this.ttlMs, org });
    void org.catch(() => {
      if (this.entries.get(orgId)?.org === org) this.entries.delete(orgId);
    });
    return org;
  }
}

async function loadWebhookOrg(
  db: Kysely<Database>,
  cipher: CredentialsCipher,
  orgId: string,
): Promise<WebhookOrg | null> {
  const org = await findOrganization(db, orgId);
  if (!org || org.removed_at !== null) return null;
  const { webhookSecret } = decryptOrganizationSecrets(cipher, org);
  if (webhookSecret === null) return null;
  return {
    id: org.id,
    entities: getConnector(org.connector).order,
    signer: new Webhook(webhookSecret),
  };
}
