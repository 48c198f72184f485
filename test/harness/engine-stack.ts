import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import pino from 'pino';
import type { EngineSettings } from '../../activities/engine-settings';
import { CredentialsCipher } from '../../db/credentials-cipher';
import { createOrganization } from '../../db/repositories/organizations.repository';
import {
  startSandbox,
  type OrgCredentials,
  type RunningSandbox,
  type StartSandboxOptions,
} from '../../sandbox';
import { createSyncWorkers } from '../../workers/sync-workers';
import { createTestDatabase, type TestDatabase } from './test-database';
import { connectToTestTemporal, uniqueTaskQueue } from './temporal';
import { testStack } from './test-stack';

/** Engine settings for tests: short slices exercise resumption across activity calls. */
export const TEST_ENGINE_SETTINGS: EngineSettings = {
  sliceMs: 3_000,
  commitBatchRecords: 2_000,
  lookbackMs: 300_000,
  apiTimeoutMs: 5_000,
  idPageSize: 500,
  recordFetchConcurrency: 8,
  maxInlineRateLimitWaitMs: 2_000,
  inlineAttempts: 4,
  shareRateLimitWaits: true,
  monotonicWrites: true,
  reconcileSafety: true,
};

export interface RunningWorkers {
  stop(): Promise<void>;
}

/** Everything a sync test needs: its own database, the shared Temporal server, a sandbox API. */
export interface EngineStack {
  readonly testDb: TestDatabase;
  readonly env: TestWorkflowEnvironment;
  readonly client: Client;
  readonly taskQueue: string;
  readonly cipher: CredentialsCipher;
  /** The key the cipher uses, for worker processes started by the test. */
  readonly secretKey: Buffer;
  readonly sandbox: RunningSandbox;
  /** Registers a sandbox org as an organization of the engine; returns the engine's org id. */
  connect(org: OrgCredentials, options?: { readonly requestsPerSecond?: number }): Promise<string>;
  /** Starts the worker pair of one process on this stack's task queue. */
  startWorkers(settings?: Partial<EngineSettings>): Promise<RunningWorkers>;
  teardown(): Promise<void>;
}

export async function createEngineStack(
  sandboxOptions: StartSandboxOptions,
  options: { readonly temporal?: () => Promise<TestWorkflowEnvironment> } = {},
): Promise<EngineStack> {
  const [testDb, env, sandbox] = await Promise.all([
    createTestDatabase(),
    (options.temporal ?? connectToTestTemporal)(),
    startSandbox(sandboxOptions),
  ]);
  const secretKey = randomBytes(32);
  const cipher = new CredentialsCipher(secretKey);
  const taskQueue = uniqueTaskQueue('sync');
  const running: RunningWorkers[] = [];
  return {
    testDb,
    env,
    client: env.client,
    taskQueue,
    cipher,
    secretKey,
    sandbox,
    async connect(org, options = {}) {
      const created = await createOrganization(testDb.db, cipher, {
        name: `sandbox ${org.id}`,
        connector: org.connector,
        apiBaseUrl: sandbox.url,
        credentials: { token: org.token },
        webhookSecret: org.webhookSecret,
      });
      await testDb.db
        .updateTable('organizations')
        .set({ requests_per_second: options.requestsPerSecond ?? 1_000 })
        .where('id', '=', created.id)
        .execute();
      return created.id;
    },
    async startWorkers(settings = {}) {
      const workers = await createSyncWorkers({
        connection: env.nativeConnection,
        taskQueue,
        deps: {
          db: testDb.db,
          cipher,
          temporal: env.client,
          logger: pino({ level: 'warn' }),
          settings: { ...TEST_ENGINE_SETTINGS, ...settings },
        },
        workflows: { bundlePath: testStack().workflowBundlePath },
        maxConcurrentActivities: 20,
        maxConcurrentBulkActivities: 4,
        maxConcurrentWorkflowTasks: 40,
        shutdownGraceMs: 1_000,
      });
      const done = workers.run();
      const handle = {
        async stop() {
          workers.shutdown();
          await done;
        },
      };
      running.push(handle);
      return handle;
    },
    async teardown() {
      await Promise.all(running.map((workers) => workers.stop()));
      await Promise.all([sandbox.stop(), env.teardown()]);
      await testDb.destroy();
    },
  };
}

/** The environment that points a real `sync-engine` process (CLI, worker) at this stack. */
export function engineProcessEnv(stack: EngineStack): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: stack.testDb.url,
    TEMPORAL_ADDRESS: testStack().temporalAddress,
    TASK_QUEUE: stack.taskQueue,
    SYNC_ENGINE_SECRET_KEY: stack.secretKey.toString('base64'),
    WORKFLOW_BUNDLE_PATH: testStack().workflowBundlePath,
    LOG_LEVEL: 'warn',
    METRICS_PORT: '0',
  };
}
