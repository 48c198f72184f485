import { type Kysely, type Migration, type MigrationResult, Migrator } from 'kysely';
import type { Database } from './database';
import { allMigrations } from './migrations';

/** A migration failed; the schema is as the last successful migration left it. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(
    readonly migrationName: string | undefined,
    override readonly cause: unknown,
  ) {
    super(
      `Migration ${migrationName ?? '(unknown)'} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}

/**
 * Brings the schema to the latest migration: the engine's and `connectorMigrations` (each
 * connector's entity tables; `connectorMigrations()` of the registry). Safe to run concurrently
 * from several processes (kysely's Migrator takes an advisory lock) and a no-op when already current.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  connectorMigrations: Readonly<Record<string, Migration>>,
): Promise<MigrationResult[]> {
  const migrations = allMigrations(connectorMigrations);
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error)
    throw new MigrationError(results.find((result) => result.status === 'Error')?.migrationName, error);
  return results;
}
