import { hostname } from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { findFreePort } from '../devstack/free-port';
import { registry } from '../observability/metrics';
import { startMetricsServer } from '../observability/metrics-server';
import { engineSettingsFrom } from '../activities/engine-settings';
import { type Config, requireSetting } from '../config/config';
import type { Logger } from '../config/logger';
import { createDatabase } from '../db/connection';
import { CredentialsCipher } from '../db/credentials-cipher';
import { createSyncWorkers } from './sync-workers';
import { workflowSource } from './workflow-bundle';

/**
 * A worker process: connects to Temporal and PostgreSQL, polls the interactive and bulk task queues
 * and runs until SIGINT/SIGTERM; then running activities get the grace period to finish before it
 * exits (Temporal retries whatever did not).
 */
export async function runWorker(config: Config, logger: Logger): Promise<void> {
  const metrics = await startWorkerTelemetry(config, logger);
  const databaseUrl = requireSetting(config, 'DATABASE_URL', 'the worker writes to the application database');
  const secretKey = requireSetting(config, 'SYNC_ENGINE_SECRET_KEY', 'the worker decrypts API credentials');
  const db = createDatabase({
    url: databaseUrl,
    poolSize: config.DATABASE_POOL_SIZE,
    applicationName: 'sync-engine-worker',
  });
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  try {
    const workers = await createSyncWorkers({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TASK_QUEUE,
      deps: {
        db,
        cipher: new CredentialsCipher(secretKey),
        temporal: new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE }),
        logger,
        settings: engineSettingsFrom(config),
      },
      workflows: workflowSource(),
      maxConcurrentActivities: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
      maxConcurrentBulkActivities: config.WORKER_MAX_CONCURRENT_BULK_ACTIVITIES,
      maxConcurrentWorkflowTasks: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      shutdownGraceMs: config.WORKER_SHUTDOWN_GRACE_SECONDS * 1000,
      identity: `${process.pid}@${hostname()}`,
    });
    if (config.SYNC_ENGINE_UNSAFE_TEST_SWITCHES.length > 0) {
      logger.warn(
        { switches: config.SYNC_ENGINE_UNSAFE_TEST_SWITCHES },
        'UNSAFE TEST SWITCHES ARE ON: a safety mechanism is off by design (tests only)',
      );
    }
    logger.info({ taskQueue: config.TASK_QUEUE, temporal: config.TEMPORAL_ADDRESS }, 'worker started');
    await workers.run();
    logger.info('worker stopped');
  } finally {
    await Promise.all([connection.close(), clientConnection.close(), db.destroy(), metrics?.close()]);
  }
}

/**
 * The Temporal SDK's runtime (logs through pino; its metrics on an internal port) and the worker's
 * `/metrics` + `/healthz` endpoint, which serves our counters and the SDK's together.
 */
async function startWorkerTelemetry(config: Config, logger: Logger) {
  const sdkMetricsPort = config.METRICS_PORT > 0 ? await findFreePort() : undefined;
  Runtime.install({
    logger: new DefaultLogger('WARN', (entry) =>
      logger[entry.level === 'ERROR' ? 'error' : 'warn']({ sdk: true, ...entry.meta }, entry.message),
    ),
    ...(sdkMetricsPort === undefined
      ? {}
      : { telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${sdkMetricsPort}` } } } }),
  });
  if (sdkMetricsPort === undefined) return undefined;
  return startMetricsServer({
    port: config.METRICS_PORT,
    registries: [registry],
    extraSources: [`http://127.0.0.1:${sdkMetricsPort}/metrics`],
  });
}
