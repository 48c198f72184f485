import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** A customer organization whose data we sync from one connector's API. */
export interface OrganizationsTable {
  /** `org_…`, generated, or a slug chosen at creation. */
  id: string;
  name: string;
  /** The name of the connector that knows this org's API. */
  connector: string;
  api_base_url: string;
  /** IANA time zone; schedules the nightly reconciliation in the org's night. */
  time_zone: Generated<string>;
  /** AES-256-GCM ciphertext of the credentials JSON (see db/credentials-cipher.ts). */
  credentials_ciphertext: string;
  /** AES-256-GCM ciphertext of the webhook signing secret; null when the org sends no webhooks. */
  webhook_secret_ciphertext: string | null;
  /** The API's rate budget for us, shared by every concurrent sync of this org. */
  requests_per_second: Generated<number>;
  /** Hour (0-23, in `time_zone`) of the nightly reconciliation. */
  reconcile_hour: Generated<number>;
  /** Set by `org remove` (without --purge): no schedules, no syncs; the data stays. */
  removed_at: Date | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}

export type Organization = Selectable<OrganizationsTable>;
export type NewOrganization = Insertable<OrganizationsTable>;
export type OrganizationUpdate = Updateable<OrganizationsTable>;
