import { Client, Connection } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { RuntimeSettings } from '../cli/runtime-settings';
import { UsageError } from '../cli/usage-error';
import { createDatabase } from '../../db/connection';
import { CredentialsCipher } from '../../db/credentials-cipher';
import type { Database } from '../../db/database';

/** What operator commands work with: the database, Temporal, and the key for secrets. */
export interface OperationsContext {
  readonly db: Kysely<Database>;
  readonly temporal: Client;
  readonly taskQueue: string;
  readonly namespace: string;
  /** Set when the secret key is known (needed to add orgs and to call their APIs). */
  readonly cipher: CredentialsCipher | undefined;
  close(): Promise<void>;
}

/** Connects to the database and to Temporal, failing with a message that says what is missing. */
export async function openOperationsContext(settings: RuntimeSettings): Promise<OperationsContext> {
  if (!settings.databaseUrl)
    throw new UsageError('DATABASE_URL is not set (or pass --data-dir of a dev instance)');
  const db = createDatabase({ url: settings.databaseUrl, poolSize: 4, applicationName: 'sync-engine-cli' });
  let connection: Connection;
  try {
    connection = await Connection.connect({ address: settings.temporalAddress, connectTimeout: 5_000 });
  } catch (err) {
    await db.destroy();
    throw new Error(`Temporal is not reachable at ${settings.temporalAddress}: ${(err as Error).message}`);
  }
  const namespace = settings.config.TEMPORAL_NAMESPACE;
  return {
    db,
    temporal: new Client({ connection, namespace }),
    taskQueue: settings.config.TASK_QUEUE,
    namespace,
    cipher: settings.secretKey ? new CredentialsCipher(settings.secretKey) : undefined,
    async close() {
      await Promise.all([connection.close(), db.destroy()]);
    },
  };
}

/** The cipher, or a usage error explaining how to provide the key. */
export function requireCipher(context: OperationsContext): CredentialsCipher {
  if (!context.cipher) {
    throw new UsageError('SYNC_ENGINE_SECRET_KEY is not set (or pass --data-dir of a dev instance)');
  }
  return context.cipher;
}
