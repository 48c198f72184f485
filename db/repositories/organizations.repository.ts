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
      credentials_ciphertext: cipher.encrypt(JSON.stringify(input.credentials), credentialsContext(id)),
      webhook_secret_ciphertext:
        input.webhookSecret === undefined
          ? null
          : cipher.encrypt(input.webhookSecret, webhookSecretContext(id)),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
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
