import { connectorMigrations } from '../connectors/registry';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createDatabase } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { readDevSettings, writeDevSettings, type DevSettings } from './dev-settings';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import { preferredOrFreePort } from './port-available';
import { startTemporalDevServer, type TemporalDevServer } from './temporal-dev-server';

export interface DevStackOptions {
  readonly dataDir: string;
  /** Use this PostgreSQL instead of an embedded one. */
  readonly databaseUrl?: string;
  /** Gives up starting when aborted: what started is stopped, and the signal's reason thrown. */
  readonly signal?: AbortSignal;
}

/** How long each server gets to stop before it is killed (PostgreSQL's fast shutdown takes ~1 s). */
export const SERVER_STOP_TIMEOUT_MS = 8_000;

export interface DevStack {
  readonly settings: DevSettings;
  readonly temporal: TemporalDevServer;
  readonly postgres: EmbeddedPostgres | undefined;
  /** Stops both servers at once, each killed after SERVER_STOP_TIMEOUT_MS. */
  stop(): Promise<void>;
  /** Kills both servers now (a forced stop). */
  kill(): void;
}

/**
 * The servers of one-command dev mode, all kept in one data folder: the Temporal dev server (its
 * SQLite file, with the Web UI) and, unless a DATABASE_URL is given, an embedded PostgreSQL.
 * Started again on the same folder it resumes: same ports, same workflows, same rows.
 */
export async function startDevStack(options: DevStackOptions): Promise<DevStack> {
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const previous = readDevSettings(dataDir);
  const temporalPort = await preferredOrFreePort(previous?.ports.temporal ?? 7233);
  const temporalUiPort = await preferredOrFreePort(previous?.ports.temporalUi ?? 8233);

  const postgres = options.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: path.join(dataDir, 'postgres'),
        port: await preferredOrFreePort(previous?.ports.postgres ?? 54329),
        logFile: path.join(dataDir, 'postgres.log'),
        signal: options.signal,
      });
  let temporal: TemporalDevServer;
  try {
    temporal = await startTemporalDevServer({
      dbFile: path.join(dataDir, 'temporal.sqlite'),
      port: temporalPort,
      uiPort: temporalUiPort,
      logFile: path.join(dataDir, 'temporal.log'),
      signal: options.signal,
    });
  } catch (err) {
    await postgres?.stop(SERVER_STOP_TIMEOUT_MS);
    throw err;
  }
  const databaseUrl = options.databaseUrl ?? postgres!.url;
  const stop = async () => {
    await Promise.all([temporal.stop(SERVER_STOP_TIMEOUT_MS), postgres?.stop(SERVER_STOP_TIMEOUT_MS)]);
  };
  const kill = () => {
    temporal.process.kill();
    postgres?.process.kill();
  };
  try {
    options.signal?.throwIfAborted();
    const db = createDatabase({ url: databaseUrl, poolSize: 1, applicationName: 'sync-engine-dev-migrate' });
    try {
      await migrateToLatest(db, connectorMigrations());
    } finally {
      await db.destroy();
    }
  } catch (err) {
    await stop();
    throw err;
  }
  const settings: DevSettings = {
    temporalAddress: temporal.address,
    temporalUiUrl: temporal.uiUrl,
    databaseUrl,
    embeddedDatabase: postgres !== undefined,
    ports: { temporal: temporalPort, temporalUi: temporalUiPort, postgres: postgres?.port },
    demoOrgs: previous?.demoOrgs ?? [],
    pid: process.pid,
  };
  writeDevSettings(dataDir, settings);
  return { settings, temporal, postgres, stop, kill };
}
