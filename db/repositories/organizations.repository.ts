import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { CredentialsCipher } from '../credentials-cipher';
import type { Database } from '../database';
import type { Organization } from '../tables/organizations.table';

type Db = Kysely<Database> | Transaction<Database>;

/** Secrets of an organization, decrypted: only activities and the webhook receiver ask for them. */
export interface OrganizationSecrets {
  readonly credentials: Readonly<Record<string, string>>;
  readonly webhookSecret: string | null;
}

export interface CreateOrganizationInput {
  readonly id?: string;
  readonly name: string;
  readonly connector: string;
  readonly apiBaseUrl: string;
  readonly timeZone?: string;
  readonly credentials: Readonly<Record<string, string>>;
  readonly webhookSecret?: string;
  readonly reconcileHour?: number;
  readonly requestsPerSecond?: number;
}

/** What `org update` may change; an absent field stays as it is. */
export interface OrganizationChanges {
  readonly name?: string;
  readonly apiBaseUrl?: string;
  readonly timeZone?: string;
  readonly reconcileHour?: number;
  readonly requestsPerSecond?: number;
  /** Replaces the API token, keeping any other credential fields. */
  readonly token?: string;
  /** A new webhook secret, or null to remove it (the org then refuses webhooks). */
  readonly webhookSecret?: string | null;
}

/** `org_` and 16 lowercase base32-ish characters: short enough for workflow ids, hard to guess. */
export function newOrganizationId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return `org_${Array.from(randomBytes(16), (byte) => alphabet[byte % 32]).join('')}`;
}

const credentialsContext = (orgId: string) => `organizations/${orgId}/credentials`;
const webhookSecretContext = (orgId: string) => `organizations/${orgId}/webhook_secret`;

export async function createOrganization(
  db: Db,
  cipher: CredentialsCipher,
  input: CreateOrganizationInput,
): Promise<Organization> {
  const id = input.id ?? newOrganizationId();
  return db
    .insertInto('organizations')
    .values({
      id,
      name: input.name,
      connector: input.connector,
      api_base_url: input.apiBaseUrl,
      ...(input.timeZone === undefined ? {} : { time_zone: input.timeZone }),
      ...(input.reconcileHour === undefined ? {} : { reconcile_hour: input.reconcileHour }),
      ...(input.requestsPerSecond === undefined ? {} : { requests_per_second: input.requestsPerSecond }),
      credentials_ciphertext: cipher.encrypt(JSON.stringify(input.credentials), credentialsContext(id)),
      webhook_secret_ciphertext:
        input.webhookSecret === undefined
          ? null
          : cipher.encrypt(input.webhookSecret, webhookSecretContext(id)),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Applies `changes` to an organization (secrets encrypted) in one transaction; undefined when the
 * org does not exist. The row's trigger moves `updated_at`, which is how caches learn of it.
 */
export async function updateOrganization(
  db: Kysely<Database>,
  cipher: CredentialsCipher,
  id: string,
  changes: OrganizationChanges,
): Promise<Organization | undefined> {
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('organizations')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!current) return undefined;
    const credentials =
      changes.token === undefined
        ? undefined
        : { ...decryptOrganizationSecrets(cipher, current).credentials, token: changes.token };
    return trx
      .updateTable('organizations')
      .set({
        ...(changes.name === undefined ? {} : { name: changes.name }),
        ...(changes.apiBaseUrl === undefined ? {} : { api_base_url: changes.apiBaseUrl }),
        ...(changes.timeZone === undefined ? {} : { time_zone: changes.timeZone }),
        ...(changes.reconcileHour === undefined ? {} : { reconcile_hour: changes.reconcileHour }),
        ...(changes.requestsPerSecond === undefined
          ? {}
          : { requests_per_second: changes.requestsPerSecond }),
        ...(credentials === undefined
          ? {}
          : { credentials_ciphertext: cipher.encrypt(JSON.stringify(credentials), credentialsContext(id)) }),
        ...(changes.webhookSecret === undefined
          ? {}
          : {
              webhook_secret_ciphertext:
                changes.webhookSecret === null
                  ? null
                  : cipher.encrypt(changes.webhookSecret, webhookSecretContext(id)),
            }),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** When the org row last changed (undefined: no such org): the cheap check behind the org caches. */
export async function organizationVersion(db: Db, id: string): Promise<Date | undefined> {
  const row = await db
    .selectFrom('organizations')
    .select('updated_at')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.updated_at;
}

export function findOrganization(db: Db, id: string): Promise<Organization | undefined> {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listOrganizations(db: Db): Promise<Organization[]> {
  return db.selectFrom('organizations').selectAll().orderBy('created_at').orderBy('id').execute();
}

export async function deleteOrganization(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('organizations').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Decrypts an organization's secrets; throws DecryptionError when the key is wrong. */
export function decryptOrganizationSecrets(
  cipher: CredentialsCipher,
  org: Organization,
): OrganizationSecrets {
  const credentials: unknown = JSON.parse(
    cipher.decrypt(org.credentials_ciphertext, credentialsContext(org.id)),
  );
  return {
    credentials: credentials as Record<string, string>,
    webhookSecret:
      org.webhook_secret_ciphertext === null
        ? null
        : cipher.decrypt(org.webhook_secret_ciphertext, webhookSecretContext(org.id)),
  };
}
