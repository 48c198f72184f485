import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { Logger } from '../config/logger';
import type { CredentialsCipher } from '../db/credentials-cipher';
import type { Database } from '../db/database';
import type { EngineSettings } from './engine-settings';

/** What activities need from their worker process; created once per process. */
export interface ActivityDeps {
  readonly db: Kysely<Database>;
  readonly cipher: CredentialsCipher;
  /** Asks Temporal whether a lease holder still runs. */
  readonly temporal: Client;
  readonly logger: Logger;
  readonly settings: EngineSettings;
}
