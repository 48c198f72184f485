import { connectorMigrations } from '../../connectors/registry';
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { OperationsContext } from '../../client/operations/operations-context';
import { createDatabase } from '../../db/connection';
import { CredentialsCipher } from '../../db/credentials-cipher';
import type { Database } from '../../db/database';
import { migrateToLatest } from '../../db/migrate';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../devstack/embedded-postgres';
import { findFreePort } from '../../devstack/free-port';
import { createRunWorkDir } from '../../devstack/run-work-dir';
import { startTemporalDevServer, type TemporalDevServer } from '../../devstack/temporal-dev-server';
import { createBenchDatabase, type BenchDatabase } from './bench-database';
import { type EngineProcess, type EngineProcessOptions, startEngineProcess } from './engine-process';
import { type SandboxProcess, startSandboxProcess } from './sandbox-process';

export interface BenchStackOptions {
  /** An existing PostgreSQL server (DATABASE_URL); an embedded one in the work folder when unset. */
  readonly databaseUrl?: string | undefined;
  /** Node flags for worker processes (e.g. `--cpu-prof`). */
  readonly workerNodeArgs?: readonly string[];
  /** Where the Temporal dev server keeps its state. */
  readonly temporalDb: 'memory' | 'file';
}

/**
 * The real servers one benchmark run measures on: a throwaway Temporal dev server, PostgreSQL
 * (embedded in a temp folder, or a database of its own on DATABASE_URL's server), the sandbox API
 * in its own process, and engine processes (workers, webhook receiver) started on demand. Every
 * process runs under a watchdog; `stop()` stops whatever was started, also after a failure.
 */
export interface BenchStack {
  readonly workDir: string;
  readonly db: Kysely<Database>;
  readonly databaseUrl: string;
  readonly embeddedDatabase: boolean;
  readonly temporal: Client;
  /** What the operator operations (startSync, …) take. */
  readonly operations: OperationsContext;
  readonly taskQueue: string;
  readonly cipher: CredentialsCipher;
  readonly sandbox: SandboxProcess;
  readonly workerNodeArgs: readonly string[];
  /** The environment every engine process of this run gets. */
  readonly engineEnv: NodeJS.ProcessEnv;
  /**
   * Stops the Temporal dev server and starts it again on the same SQLite file and port; only for a
   * stack started with `temporalDb: 'file'` (in memory, a restart would lose every workflow).
   */
  restartTemporal(): Promise<void>;
  /**
   * Stops the embedded PostgreSQL (fast shutdown: every connection is cut) and starts it again on
   * its data and port; only for an embedded server (a shared one is not the benchmark's to stop).
   */
  restartPostgres(): Promise<void>;
  /** Starts a `sync-engine` command; `stop()` of the stack stops it if the caller did not. */
  launch(options: Omit<EngineProcessOptions, 'env' | 'logFile'>): Promise<EngineProcess>;
  stop(): Promise<void>;
}

export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  const workDir = createRunWorkDir('sync-engine-bench-');
  const stops: (() => Promise<unknown>)[] = [
    () => Promise.resolve(rmSync(workDir, { recursive: true, force: true })),
  ];
  const running = new Set<EngineProcess>();
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await Promise.allSettled([...running].map((engineProcess) => engineProcess.stop()));
      for (const step of stops.reverse()) await step().catch(() => undefined);
    })());
  try {
    const temporalPort = await findFreePort();
    const startTemporal = () =>
      startTemporalDevServer({
        // In memory: a file makes the dev server fsync every history write through its single
        // SQLite connection, which measures that file's disk, not the engine (a production
        // Temporal runs on a clustered store). `--temporal-db file` measures it anyway.
        dbFile: options.temporalDb === 'file' ? path.join(workDir, 'temporal.sqlite') : undefined,
        port: temporalPort,
        logFile: path.join(workDir, 'temporal.log'),
      });
    const postgresPort = await findFreePort();
    const startPostgres = () =>
      startEmbeddedPostgres({
        dataDir: path.join(workDir, 'postgres', 'data'),
        port: postgresPort,
        logFile: path.join(workDir, 'postgres.log'),
      });
    // The servers running now (a restart replaces them); `stop()` stops whichever that is.
    const servers: { temporal?: TemporalDevServer; postgres?: EmbeddedPostgres } = {};
    stops.push(
      () => servers.temporal?.stop() ?? Promise.resolve(),
      () => servers.postgres?.stop() ?? Promise.resolve(),
    );
    // Settled, not all: a server that started while the other failed must be stopped too.
    const [temporal, postgres] = settled(
      await Promise.allSettled([
        startTemporal().then((server) => (servers.temporal = server)),
        options.databaseUrl
          ? Promise.resolve(undefined)
          : startPostgres().then((server) => (servers.postgres = server)),
      ]),
    );
    const database = await createBenchDatabase(options.databaseUrl ?? postgres!.url);
    // An embedded server is thrown away whole; a shared one keeps nothing of ours.
    if (!postgres) stops.push(() => database.drop());
    const db = createDatabase({ url: database.url, poolSize: 4, applicationName: 'sync-engine-bench' });
    stops.push(() => db.destroy());
    await migrateToLatest(db, connectorMigrations());

    const sandbox = await startSandboxProcess(path.join(workDir, 'sandbox.log'));
    stops.push(() => sandbox.stop());
    const connection = await Connection.connect({ address: temporal.address });
    stops.push(() => connection.close());
    const client = new Client({ connection });
    const secretKey = randomBytes(32);
    const cipher = new CredentialsCipher(secretKey);
    const taskQueue = `bench-${randomUUID()}`;
    const engineEnv = engineEnvironment(database, temporal, taskQueue, secretKey);
    return {
      workDir,
      db,
      databaseUrl: database.url,
      embeddedDatabase: postgres !== undefined,
      temporal: client,
      operations: {
        db,
        temporal: client,
        taskQueue,
        namespace: 'default',
        cipher,
        close: () => Promise.resolve(),
      },
      taskQueue,
      cipher,
      sandbox,
      workerNodeArgs: options.workerNodeArgs ?? [],
      engineEnv,
      async launch(launchOptions) {
        const started = await startEngineProcess({
          ...launchOptions,
          env: engineEnv,
          logFile: path.join(workDir, `${launchOptions.name}.log`),
        });
        running.add(started);
        return {
          ...started,
          stop: async () => {
            await started.stop();
            running.delete(started);
          },
        };
      },
      async restartTemporal() {
        if (options.temporalDb !== 'file')
          throw new Error(
            'a Temporal dev server in memory cannot be restarted on its state (temporalDb: file)',
          );
        await servers.temporal?.stop();
        servers.temporal = await startTemporal();
      },
      async restartPostgres() {
        if (!servers.postgres)
          throw new Error('only an embedded PostgreSQL is restarted (DATABASE_URL is set)');
        await servers.postgres.stop();
        servers.postgres = await startPostgres();
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

function settled<T extends readonly unknown[]>(results: { [K in keyof T]: PromiseSettledResult<T[K]> }): T {
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** Production defaults, except what a run on one machine needs: its own queue, no metrics port. */
function engineEnvironment(
  database: BenchDatabase,
  temporal: TemporalDevServer,
  taskQueue: string,
  secretKey: Buffer,
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: temporal.address,
    TASK_QUEUE: taskQueue,
    SYNC_ENGINE_SECRET_KEY: secretKey.toString('base64'),
    LOG_LEVEL: 'info',
    METRICS_PORT: '0',
    WORKER_SHUTDOWN_GRACE_SECONDS: '5',
  };
}
