import path from 'node:path';
import { type Config, loadConfig } from '../../config/config';
import { loadOrCreateDevSecretKey, decodeSecretKey } from '../../config/secret-key';
import { readDevSettings } from '../../devstack/dev-settings';
import { UsageError } from './usage-error';

/** Where the servers are, for a command: from a running `dev` (`--data-dir`) or the environment. */
export interface RuntimeSettings {
  readonly config: Config;
  readonly databaseUrl: string | undefined;
  readonly temporalAddress: string;
  /** Set when the key is known: from the environment, or the dev data folder. */
  readonly secretKey: Buffer | undefined;
  /** The webhook receiver as the API reaches it (no path): deliveries go to `<this>/webhooks/<org id>`. */
  readonly webhookPublicUrl: string;
}

export function resolveRuntimeSettings(options: { dataDir?: string }): RuntimeSettings {
  const config = loadConfig();
  if (!options.dataDir) {
    return {
      config,
      databaseUrl: config.DATABASE_URL,
      temporalAddress: config.TEMPORAL_ADDRESS,
      secretKey: config.SYNC_ENGINE_SECRET_KEY,
      webhookPublicUrl: config.WEBHOOK_PUBLIC_URL ?? `http://127.0.0.1:${config.WEBHOOK_PORT}`,
    };
  }
  const dataDir = path.resolve(options.dataDir);
  const dev = readDevSettings(dataDir);
  if (!dev) {
    throw new UsageError(
      `${dataDir} holds no dev instance: start one with \`sync-engine dev --data-dir ${options.dataDir}\``,
    );
  }
  const key = config.SYNC_ENGINE_SECRET_KEY ?? decodeSecretKey(loadOrCreateDevSecretKey(dataDir));
  if (typeof key === 'string') throw new UsageError(`${path.join(dataDir, 'secret-key')}: ${key}`);
  return {
    config,
    databaseUrl: dev.databaseUrl,
    temporalAddress: dev.temporalAddress,
    secretKey: key,
    // The receiver `dev` runs, where it actually listens (its port may differ from WEBHOOK_PORT).
    webhookPublicUrl:
      dev.webhooksUrl ??
      config.WEBHOOK_PUBLIC_URL ??
      `http://127.0.0.1:${dev.ports.webhooks ?? config.WEBHOOK_PORT}`,
  };
}
