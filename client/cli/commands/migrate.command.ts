import { connectorMigrations } from '../../../connectors/registry';
import { Command } from 'commander';
import { createDatabase } from '../../../db/connection';
import { redactDatabaseUrl } from '../../../db/database-url';
import { migrateToLatest } from '../../../db/migrate';
import { resolveRuntimeSettings } from '../runtime-settings';
import { UsageError } from '../usage-error';

export function migrateCommand(): Command {
  return new Command('migrate')
    .description('bring the database schema to the latest migration (safe to run again, or from many pods)')
    .option('--data-dir <dir>', 'use the database of the `sync-engine dev` instance in this folder')
    .action(async (options: { dataDir?: string }) => {
      const settings = resolveRuntimeSettings(options);
      if (!settings.databaseUrl)
        throw new UsageError('DATABASE_URL is not set (or pass --data-dir of a dev instance)');
      const db = createDatabase({
        url: settings.databaseUrl,
        poolSize: 1,
        applicationName: 'sync-engine-migrate',
      });
      try {
        const results = await migrateToLatest(db, connectorMigrations());
        const target = redactDatabaseUrl(settings.databaseUrl);
        if (results.length === 0) process.stdout.write(`Schema of ${target} is up to date.\n`);
        for (const result of results) process.stdout.write(`applied ${result.migrationName} to ${target}\n`);
      } finally {
        await db.destroy();
      }
    });
}
