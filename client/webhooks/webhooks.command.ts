import { waitForStopSignal } from '../cli/stop-signal';
import { Command, InvalidArgumentError } from 'commander';
import { requireSetting } from '../../config/config';
import { createLogger } from '../../config/logger';
import { createDatabase } from '../../db/connection';
import { CredentialsCipher } from '../../db/credentials-cipher';
import { resolveRuntimeSettings } from '../cli/runtime-settings';
import { type RunningWebhookReceiver, startWebhookReceiver } from './webhook-receiver';

interface WebhooksOptions {
  readonly port?: number;
  readonly host: string;
  readonly dataDir?: string;
}

export interface WebhooksCommandDeps {
  /** Resolves when the receiver should stop; default: on SIGINT or SIGTERM. */
  readonly waitForStop?: (receiver: RunningWebhookReceiver) => Promise<unknown>;
}

/** `sync-engine webhooks`: receives the API's webhooks and signals record syncs until interrupted. */
export function webhooksCommand(deps: WebhooksCommandDeps = {}): Command {
  return new Command('webhooks')
    .description(
      'receive webhooks (POST /webhooks/:orgId) and signal record syncs; SIGTERM stops it gracefully',
    )
    .option('--port <port>', 'TCP port (default: WEBHOOK_PORT, 8080; 0 picks a free one)', parsePort)
    .option('--host <host>', 'interface to listen on', '0.0.0.0')
    .option(
      '--data-dir <dir>',
      'use the database, Temporal and key of the `sync-engine dev` instance in this folder',
    )
    .action(async (options: WebhooksOptions) => {
      const settings = resolveRuntimeSettings(options);
      const { config } = settings;
      const databaseUrl =
        settings.databaseUrl ??
        requireSetting(config, 'DATABASE_URL', 'the receiver looks organizations up; or pass --data-dir');
      const secretKey =
        settings.secretKey ??
        requireSetting(config, 'SYNC_ENGINE_SECRET_KEY', 'the receiver decrypts webhook secrets');
      const logger = createLogger({ level: config.LOG_LEVEL, name: 'webhooks' });
      const db = createDatabase({
        url: databaseUrl,
        poolSize: config.DATABASE_POOL_SIZE,
        applicationName: 'sync-engine-webhooks',
      });
      try {
        const receiver = await startWebhookReceiver({
          db,
          cipher: new CredentialsCipher(secretKey),
          temporal: { address: settings.temporalAddress, namespace: config.TEMPORAL_NAMESPACE },
          taskQueue: config.TASK_QUEUE,
          port: options.port ?? config.WEBHOOK_PORT,
          host: options.host,
          maxBodyBytes: config.WEBHOOK_MAX_BODY_BYTES,
          toleranceSeconds: config.WEBHOOK_TOLERANCE_SECONDS,
          logger,
          unsafeTestSwitches: config.SYNC_ENGINE_UNSAFE_TEST_SWITCHES,
        });
        await (deps.waitForStop ?? waitForStopSignal)(receiver);
        logger.info('stopping the webhook receiver');
        await receiver.close();
      } finally {
        await db.destroy();
      }
    });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535)
    throw new InvalidArgumentError('must be a port number (0-65535)');
  return port;
}
