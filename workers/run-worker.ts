import { hostname } from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
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
    logger.info({ taskQueue: config.TASK_QUEUE, temporal: config.TEMPORAL_ADDRESS }, 'worker started');
    await workers.run();
    logger.info('worker stopped');
  } finally {
    await Promise.all([connection.close(), clientConnection.close(), db.destroy()]);
  }
}
