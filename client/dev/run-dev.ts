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
import { startSandbox } from '../../sandbox';
import { applySchedules } from '../../schedules/apply-schedules';
import { createSyncWorkers } from '../../workers/sync-workers';
import { workflowSource } from '../../workers/workflow-bundle';
import { UsageError } from '../cli/usage-error';
import type { OperationsContext } from '../operations/operations-context';
import { addOrganization } from '../operations/org-operations';
import { startWebhookReceiver } from '../webhooks';
import type { DevOptions } from './dev-options';
import { watchDemoProgress } from './dev-progress';

const PAGINATION_STYLES = ['cursor', 'link', 'page'] as const;

/**
 * One command on a fresh machine: the Temporal dev server (Web UI), PostgreSQL (embedded unless
 * DATABASE_URL), migrations, the sandbox API with demo orgs (webhooks on, a slow mutation stream),
 * a worker, the webhook receiver and the schedules; the demo orgs' full syncs start at once.
 * Everything lives in the data folder: run it again there and it resumes.
 */
export async function runDev(options: DevOptions, stop: Promise<unknown>): Promise<void> {
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
  });

  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanUp = async () => {
    for (const step of cleanups.reverse())
      await step().catch((err: unknown) => logger.error({ err }, 'stopping failed'));
  };
  try {
    const stack = await startDevStack({ dataDir, databaseUrl: config.DATABASE_URL });
    cleanups.push(() => stack.stop());
    const db = createDatabase({
      url: stack.settings.databaseUrl,
      poolSize: 10,
      applicationName: 'sync-engine-dev',
    });
    cleanups.push(() => db.destroy());
    const sandbox = await startSandbox({
      port: await preferredOrFreePort(previous?.ports.sandbox ?? 4010),
      seed: options.seed,
      stateFile: path.join(dataDir, 'sandbox.state'),
      orgs: Array.from({ length: options.orgs }, (_, index) => ({
        id: `demo${index + 1}`,
        connector: 'hr' as const,
        records: options.recordsPerOrg,
        pagination: PAGINATION_STYLES[index % PAGINATION_STYLES.length],
      })),
    });
    cleanups.push(() => sandbox.stop());

    const address = stack.settings.temporalAddress;
    const [workerConnection, clientConnection] = await Promise.all([
      NativeConnection.connect({ address }),
      Connection.connect({ address }),
    ]);
    cleanups.push(() => Promise.all([workerConnection.close(), clientConnection.close()]));
    const temporal = new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE });
    const workers = await createSyncWorkers({
      connection: workerConnection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TASK_QUEUE,
      deps: { db, cipher, temporal, logger, settings: engineSettingsFrom(config) },
      workflows: workflowSource(),
      maxConcurrentActivities: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
      maxConcurrentBulkActivities: config.WORKER_MAX_CONCURRENT_BULK_ACTIVITIES,
      maxConcurrentWorkflowTasks: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      shutdownGraceMs: config.WORKER_SHUTDOWN_GRACE_SECONDS * 1000,
    });
    const workersDone = workers.run();
    cleanups.push(async () => {
      workers.shutdown();
      await workersDone;
    });
    const receiver = await startWebhookReceiver({
      db,
      cipher,
      temporal: { address, namespace: config.TEMPORAL_NAMESPACE },
      taskQueue: config.TASK_QUEUE,
      port: await preferredOrFreePort(previous?.ports.webhooks ?? config.WEBHOOK_PORT),
      host: '127.0.0.1',
      maxBodyBytes: config.WEBHOOK_MAX_BODY_BYTES,
      toleranceSeconds: config.WEBHOOK_TOLERANCE_SECONDS,
      logger,
    });
    cleanups.push(() => receiver.close());
    const metricsPort = await preferredOrFreePort(previous?.ports.metrics ?? config.METRICS_PORT);
    const metrics = await startMetricsServer({
      port: metricsPort,
      host: '127.0.0.1',
      registries: [registry],
    });
    cleanups.push(() => metrics.close());

    // Demo orgs: added once (their full syncs start), then only resumed.
    const context: OperationsContext = {
      db,
      temporal,
      taskQueue: config.TASK_QUEUE,
      namespace: config.TEMPORAL_NAMESPACE,
      cipher,
      close: () => Promise.resolve(),
    };
    const demoOrgs = [...(previous?.demoOrgs ?? [])];
    for (const sandboxOrg of sandbox.orgs) {
      if (demoOrgs.some((demo) => demo.sandboxOrgId === sandboxOrg.id)) continue;
      const added = await addOrganization(context, {
        name: `Demo ${sandboxOrg.id}`,
        apiUrl: sandbox.url,
        token: sandboxOrg.token,
        connector: sandboxOrg.connector,
        webhookSecret: sandboxOrg.webhookSecret,
      });
      demoOrgs.push({ orgId: added.org.id, sandboxOrgId: sandboxOrg.id });
    }
    await applySchedules(temporal, db, config.TASK_QUEUE);
    for (const demo of demoOrgs) {
      await sandbox.admin.patchOrg(demo.sandboxOrgId, {
        webhooks: { url: `${receiver.url}/webhooks/${demo.orgId}` },
        mutations: { perMinute: options.mutationsPerMinute },
      });
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
      [
        `sync-engine dev is running (data and logs in ${dataDir})`,
        `  Temporal Web UI   ${stack.settings.temporalUiUrl ?? '(headless)'}  (filter by OrgId to see an org's syncs)`,
        `  Temporal gRPC     ${address}`,
        `  PostgreSQL        ${stack.settings.embeddedDatabase ? `embedded, port ${stack.settings.ports.postgres}` : 'DATABASE_URL'}`,
        `  Sandbox API       ${sandbox.url}  (admin token ${sandbox.adminToken})`,
        `  Webhooks          ${receiver.url}/webhooks/<org id>`,
        `  Metrics           http://127.0.0.1:${metricsPort}/metrics`,
        `  Organizations     ${demoOrgs.map((demo) => demo.orgId).join(', ')}`,
        `Try: npx sync-engine org list --data-dir ${options.dataDir}   ·   npx sync-engine verify --org <id> --data-dir ${options.dataDir}`,
        'Ctrl-C stops everything; run again to resume.',
        '',
      ].join('\n'),
    );
    await watchDemoProgress(temporal, db, demoOrgs, stop);
    process.stdout.write('Stopping…\n');
  } finally {
    await cleanUp();
  }
}
