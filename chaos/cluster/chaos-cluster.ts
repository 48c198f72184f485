import { connectorMigrations } from '../../connectors/registry';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { projectRoot } from '../../config/project-root.cjs';
import { generateSecretKey } from '../../config/secret-key';
import { createDatabase } from '../../db/connection';
import type { Database } from '../../db/database';
import { migrateToLatest } from '../../db/migrate';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../../devstack/embedded-postgres';
import { findFreePort } from '../../devstack/free-port';
import { pollUntil } from '../../devstack/poll';
import { SupervisedProcess } from '../../devstack/supervised-process';
import { startTemporalDevServer, type TemporalDevServer } from '../../devstack/temporal-dev-server';
import { SandboxAdminClient } from '../../sandbox';
import type { ProcessExit } from '../invariants/webhook-delivery';
import { WorkerPool } from './worker-pool';

export interface ChaosClusterOptions {
  readonly workers: number;
  /** Test-only engine switches for the workers (empty in a real run). */
  readonly unsafeSwitches: string;
}

/**
 * Every real process of a chaos run, in one work folder: the Temporal dev server and PostgreSQL
 * (both restartable on their data), the sandbox API, the webhook receiver and the worker pool.
 * Everything runs under watchdogs: nothing outlives the run, even if the run itself is killed.
 */
export class ChaosCluster {
  readonly workDir = mkdtempSync(path.join(tmpdir(), 'sync-engine-chaos-'));
  readonly secretKey = generateSecretKey();
  readonly taskQueue = `chaos-${process.pid}`;
  readonly counts = { temporalRestarts: 0, postgresRestarts: 0 };
  temporal!: TemporalDevServer;
  postgres!: EmbeddedPostgres;
  db!: Kysely<Database>;
  client!: Client;
  sandboxUrl!: string;
  sandbox!: SandboxAdminClient;
  webhooksUrl!: string;
  workers!: WorkerPool;
  /** Set if the webhook receiver exits before `stop()`: nothing restarts it, so the run must fail. */
  receiverExit: ProcessExit | null = null;
  private stopping = false;
  private connection!: Connection;
  private temporalPort = 0;
  private postgresPort = 0;
  private readonly services: SupervisedProcess[] = [];

  constructor(private readonly options: ChaosClusterOptions) {
    // As root, PostgreSQL runs as another user, who must reach its folder.
    chmodSync(this.workDir, 0o711);
  }

  async start(): Promise<void> {
    [this.temporalPort, this.postgresPort] = await Promise.all([findFreePort(), findFreePort()]);
    await Promise.all([this.startTemporal(), this.startPostgres()]);
    this.db = createDatabase({ url: this.postgres.url, poolSize: 8, applicationName: 'chaos-driver' });
    await migrateToLatest(this.db, connectorMigrations());
    this.connection = await Connection.connect({ address: this.temporal.address });
    this.client = new Client({ connection: this.connection });

    const sandboxPort = await findFreePort();
    this.sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    this.services.push(this.startCli('sandbox', ['sandbox', '--port', String(sandboxPort), '--orgs', '0']));
    const webhooksPort = await findFreePort();
    this.webhooksUrl = `http://127.0.0.1:${webhooksPort}`;
    const receiver = this.startCli('webhooks', [
      'webhooks',
      '--port',
      String(webhooksPort),
      '--host',
      '127.0.0.1',
    ]);
    void receiver.exited.then((code) => {
      if (!this.stopping) this.receiverExit = { code, at: new Date().toISOString() };
    });
    this.services.push(receiver);
    this.sandbox = new SandboxAdminClient(this.sandboxUrl);
    await pollUntil(() => this.sandbox.listOrgs().then(() => true), {
      description: 'the sandbox',
      timeoutMs: 30_000,
    });
    await pollUntil(() => fetch(`${this.webhooksUrl}/healthz`).then((r) => r.ok), {
      description: 'the webhook receiver',
      timeoutMs: 30_000,
    });
    this.workers = new WorkerPool(this.processEnv(), this.workDir);
    this.workers.fill(this.options.workers);
  }

  /** Stops the Temporal dev server and starts it again on the same SQLite file and port. */
  async restartTemporal(): Promise<void> {
    await this.temporal.stop();
    await this.startTemporal();
    this.counts.temporalRestarts += 1;
  }

  /** Stops PostgreSQL (fast shutdown: every connection is cut) and starts it again on its data. */
  async restartPostgres(): Promise<void> {
    await this.postgres.stop();
    await this.startPostgres();
    this.counts.postgresRestarts += 1;
  }

  async stop(options: { readonly keepWorkDir?: boolean } = {}): Promise<void> {
    this.stopping = true;
    await this.workers?.stopAll();
    await Promise.all(this.services.map((service) => service.stop()));
    await this.sandbox?.close().catch(() => undefined);
    await this.connection?.close().catch(() => undefined);
    await this.db?.destroy().catch(() => undefined);
    await Promise.all([this.temporal?.stop(), this.postgres?.stop()]);
    if (!options.keepWorkDir) rmSync(this.workDir, { recursive: true, force: true });
  }

  private async startTemporal(): Promise<void> {
    this.temporal = await startTemporalDevServer({
      dbFile: path.join(this.workDir, 'temporal.sqlite'),
      port: this.temporalPort,
      logFile: path.join(this.workDir, 'temporal.log'),
    });
  }

  private async startPostgres(): Promise<void> {
    this.postgres = await startEmbeddedPostgres({
      dataDir: path.join(this.workDir, 'postgres'),
      port: this.postgresPort,
      ephemeral: true,
      logFile: path.join(this.workDir, 'postgres.log'),
    });
  }

  private startCli(name: string, args: string[]): SupervisedProcess {
    return SupervisedProcess.start({
      name,
      command: process.execPath,
      args: [path.join(projectRoot(), 'bin', 'sync-engine.js'), ...args],
      env: this.processEnv(),
      logFile: path.join(this.workDir, `${name}.log`),
    });
  }

  /** The environment of every engine process of the run. */
  private processEnv(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      DATABASE_URL: `postgres://postgres@127.0.0.1:${this.postgresPort}/postgres`,
      TEMPORAL_ADDRESS: `127.0.0.1:${this.temporalPort}`,
      TASK_QUEUE: this.taskQueue,
      SYNC_ENGINE_SECRET_KEY: this.secretKey,
      SYNC_SLICE_SECONDS: '5',
      API_TIMEOUT_SECONDS: '5',
      WORKER_SHUTDOWN_GRACE_SECONDS: '8',
      DATABASE_POOL_SIZE: '6',
      METRICS_PORT: '0',
      LOG_LEVEL: 'warn',
      SYNC_ENGINE_UNSAFE_TEST_SWITCHES: this.options.unsafeSwitches,
    };
  }
}
