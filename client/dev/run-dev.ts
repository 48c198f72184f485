import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { engineSettingsFrom } from '../../activities/engine-settings';
import { loadConfig } from '../../config/config';
import { createLogger } from '../../config/logger';
import { decodeSecretKey, loadOrCreateDevSecretKey } from '../../config/secret-key';
import { createDatabase } from '../../db/connection';
import { CredentialsCipher } from '../../db/credentials-cipher';
import { readDevSettings, writeDevSettings } from '../../devstack/dev-settings';
import { startDevStack } from '../../devstack/dev-stack';
import { preferredOrFreePort } from '../../devstack/port-available';
import { isProcessAlive } from '../../devstack/process-alive';
import { registry } from '../../observability/metrics';
import { startMetricsServer } from '../../observability/metrics-server';
import { CONNECTOR_NAMES, startSandbox } from '../../sandbox';
import { applySchedules } from '../../schedules/apply-schedules';
import { createSyncWorkers } from '../../workers/sync-workers';
import { workflowSource } from '../../workers/workflow-bundle';
import { UsageError } from '../cli/usage-error';
import { startWebhookReceiver } from '../webhooks';
import { demoTenantId, resolveDemoOrgs } from './demo-orgs';
import { devBanner } from './dev-banner';
import type { DevOptions } from './dev-options';
import { watchProgress } from './dev-progress';
import type { DevStop } from './dev-stop';
import { StopPlan } from './stop-plan';
import { untilStopped } from './until-stopped';

const PAGINATION_STYLES = ['cursor', 'link', 'page'] as const;
/** Ctrl-C must not wait for activities: committed pages are kept, a cut page is fetched again. */
const WORKER_SHUTDOWN_GRACE_MS = 3_000;

/**
 * One command on a fresh machine: the Temporal dev server (Web UI), PostgreSQL (embedded unless
 * DATABASE_URL), migrations, the sandbox API with demo orgs (webhooks on, a slow mutation stream),
 * a worker, the webhook receiver and the schedules; the demo orgs' full syncs start at once.
 * Everything lives in the data folder: run it again there and it resumes.
 *
 * Runs until `stop` aborts (also during startup), then stops everything in order within
 * DEV_STOP_GRACE_MS; a startup cut short rejects with the signal's reason.
 */
export async function runDev(options: DevOptions, stop: DevStop): Promise<void> {
  const { signal } = stop;
  const config = loadConfig();
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const previous = readDevSettings(dataDir);
  if (previous && previous.pid !== process.pid && isProcessAlive(previous.pid)) {
    throw new UsageError(`sync-engine dev already runs on ${dataDir} (pid ${previous.pid})`);
  }
  const key = config.SYNC_ENGINE_SECRET_KEY ?? decodeSecretKey(loadOrCreateDevSecretKey(dataDir));
  if (typeof key === 'string') throw new UsageError(`${path.join(dataDir, 'secret-key')}: ${key}`);
  const cipher = new CredentialsCipher(key);
  // Logs go to a file: the terminal shows progress.
  const logger = createLogger({
    level: config.LOG_LEVEL,
    pretty: false,
    destination: createWriteStream(path.join(dataDir, 'dev.log'), { flags: 'a' }),
  });
  Runtime.install({
    logger: new DefaultLogger('WARN', (entry) => logger.warn({ sdk: true, ...entry.meta }, entry.message)),
    // Not the SDK's own SIGINT handler: dev stops its workers itself, in order (StopPlan).
    shutdownSignals: [],
  });

  const plan = new StopPlan(logger);
  const step = <T>(work: Promise<T>) => untilStopped(work, signal);
  try {
    const stack = await startDevStack({ dataDir, databaseUrl: config.DATABASE_URL, signal });
    plan.add('servers', 'Temporal and PostgreSQL', () => stack.stop());
    stop.onForcedStop(() => stack.kill());
    const db = createDatabase({
      url: stack.settings.databaseUrl,
      poolSize: 10,
      applicationName: 'sync-engine-dev',
    });
    plan.add('clients', 'database pool', () => db.destroy());
    const sandbox = await step(
      startSandbox({
        port: await preferredOrFreePort(previous?.ports.sandbox ?? 4010),
        seed: options.seed,
        stateFile: path.join(dataDir, 'sandbox.state'),
        orgs: Array.from({ length: options.orgs }, (_, index) => ({
          id: demoTenantId(index),
          // Every connector the sandbox serves, in turn: dev shows the engine is not bound to one API.
          connector: CONNECTOR_NAMES[index % CONNECTOR_NAMES.length]!,
          records: options.recordsPerOrg,
          pagination: PAGINATION_STYLES[index % PAGINATION_STYLES.length],
        })),
      }),
    );
    plan.add('services', 'sandbox', () => sandbox.stop());

    const address = stack.settings.temporalAddress;
    const [workerConnection, clientConnection] = await step(
      Promise.all([NativeConnection.connect({ address }), Connection.connect({ address })]),
    );
    plan.add('clients', 'Temporal connections', () =>
      Promise.all([workerConnection.close(), clientConnection.close()]),
    );
    const temporal = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE });
    const workers = await step(
      createSyncWorkers({
        connection: workerConnection,
        namespace: config.TEMPORAL_NAMESPACE,
        taskQueue: config.TASK_QUEUE,
        deps: { db, cipher, temporal, logger, settings: engineSettingsFrom(config) },
        workflows: workflowSource(),
        maxConcurrentActivities: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
        maxConcurrentBulkActivities: config.WORKER_MAX_CONCURRENT_BULK_ACTIVITIES,
        maxConcurrentWorkflowTasks: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
        shutdownGraceMs: Math.min(config.WORKER_SHUTDOWN_GRACE_SECONDS * 1000, WORKER_SHUTDOWN_GRACE_MS),
      }),
    );
    // A worker that fails (its server gone for good) is logged; dev keeps running until Ctrl-C.
    const workersDone = workers.run().catch((err: unknown) => logger.error({ err }, 'worker stopped'));
    plan.add('services', 'workers', async () => {
      workers.shutdown();
      await workersDone;
    });
    const receiver = await step(
      startWebhookReceiver({
        db,
        cipher,
        temporal: { address, namespace: config.TEMPORAL_NAMESPACE },
        taskQueue: config.TASK_QUEUE,
        port: await preferredOrFreePort(previous?.ports.webhooks ?? config.WEBHOOK_PORT),
        host: '127.0.0.1',
        maxBodyBytes: config.WEBHOOK_MAX_BODY_BYTES,
        toleranceSeconds: config.WEBHOOK_TOLERANCE_SECONDS,
        logger,
      }),
    );
    plan.add('services', 'webhook receiver', () => receiver.close());
    const metricsPort = await preferredOrFreePort(previous?.ports.metrics ?? config.METRICS_PORT);
    const metrics = await step(
      startMetricsServer({ port: metricsPort, host: '127.0.0.1', registries: [registry] }),
    );
    plan.add('services', 'metrics', () => metrics.close());

    const context = {
      db,
      temporal,
      taskQueue: config.TASK_QUEUE,
      namespace: config.TEMPORAL_NAMESPACE,
      cipher,
      close: () => Promise.resolve(),
    };
    const { demoOrgs, warnings } = await step(
      resolveDemoOrgs(context, {
        tenants: sandbox.orgs,
        sandboxUrl: sandbox.url,
        requestedTenantIds: Array.from({ length: options.orgs }, (_, index) => demoTenantId(index)),
        recorded: previous?.demoOrgs ?? [],
      }),
    );
    await step(applySchedules(temporal, db, config.TASK_QUEUE));
    // Only dev's own tenants: another org's webhooks and mutation stream are its owner's business.
    for (const demo of demoOrgs) {
      await step(
        sandbox.admin.patchOrg(demo.sandboxOrgId, {
          webhooks: { url: `${receiver.url}/webhooks/${demo.orgId}` },
          mutations: { perMinute: options.mutationsPerMinute },
        }),
      );
    }
    const sandboxPort = Number(new URL(sandbox.url).port);
    const webhooksPort = Number(new URL(receiver.url).port);
    writeDevSettings(dataDir, {
      ...stack.settings,
      ports: { ...stack.settings.ports, sandbox: sandboxPort, webhooks: webhooksPort, metrics: metricsPort },
      sandbox: { url: sandbox.url, adminToken: sandbox.adminToken },
      webhooksUrl: receiver.url,
      demoOrgs,
      pid: process.pid,
    });
    process.stdout.write(
      devBanner({
        dataDir,
        dataDirOption: options.dataDir,
        stack: stack.settings,
        sandbox,
        webhooksUrl: receiver.url,
        metricsPort,
        demoOrgs,
        warnings,
      }),
    );
    await watchProgress(temporal, db, signal);
  } finally {
    await plan.run();
  }
}
