import path from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '../../../config/config';
import { loadOrCreateDevSecretKey } from '../../../config/secret-key';
import { redactDatabaseUrl } from '../../../db/database-url';
import { readDevSettings } from '../../../devstack/dev-settings';
import { isProcessAlive } from '../../../devstack/process-alive';
import { startDevStack } from '../../../devstack/dev-stack';
import { UsageError } from '../usage-error';

interface DevOptions {
  readonly dataDir: string;
}

export function devCommand(): Command {
  return new Command('dev')
    .description('run everything on this machine: Temporal dev server with Web UI, PostgreSQL, migrations')
    .option('--data-dir <dir>', 'folder for all state; run again on it to resume', '.sync-engine')
    .action(async (options: DevOptions) => {
      const config = loadConfig();
      const dataDir = path.resolve(options.dataDir);
      refuseSecondInstance(dataDir);
      loadOrCreateDevSecretKey(dataDir);
      const stack = await startDevStack({ dataDir, databaseUrl: config.DATABASE_URL });
      const { settings } = stack;
      process.stdout.write(
        [
          `sync-engine dev is running (data in ${dataDir})`,
          `  Temporal Web UI   ${settings.temporalUiUrl ?? '(headless)'}`,
          `  Temporal gRPC     ${settings.temporalAddress}`,
          `  PostgreSQL        ${redactDatabaseUrl(settings.databaseUrl)}${settings.embeddedDatabase ? ' (embedded)' : ''}`,
          `Other commands reach it with --data-dir ${options.dataDir}. Ctrl-C stops everything.`,
          '',
        ].join('\n'),
      );
      await waitForStopSignal();
      process.stdout.write('Stopping…\n');
      await stack.stop();
    });
}

function refuseSecondInstance(dataDir: string): void {
  const previous = readDevSettings(dataDir);
  if (previous && previous.pid !== process.pid && isProcessAlive(previous.pid)) {
    throw new UsageError(`sync-engine dev already runs on ${dataDir} (pid ${previous.pid})`);
  }
}

function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve(signal));
  });
}
