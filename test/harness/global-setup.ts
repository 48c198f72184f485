import { connectorMigrations } from '../../connectors/registry';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { createDatabase } from '../../db/connection';
import { withDatabaseName } from '../../db/database-url';
import { migrateToLatest } from '../../db/migrate';
import { createRunWorkDir } from '../../devstack/run-work-dir';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../devstack/embedded-postgres';
import { startTemporalDevServer, type TemporalDevServer } from '../../devstack/temporal-dev-server';
import { createTestDatabaseAdmin } from './test-database-admin';
import { publishTestStack } from './test-stack';

/** What global-teardown must stop; kept on globalThis, the only state the two share. */
export interface RunningTestStack {
  readonly workDir: string;
  readonly temporal?: TemporalDevServer;
  readonly postgres?: EmbeddedPostgres;
  readonly adminDatabaseUrl?: string;
  readonly databasePrefix: string;
}

declare global {
  var syncEngineTestStack: RunningTestStack | undefined;
}

/**
 * Starts a throwaway Temporal dev server and, unless DATABASE_URL is set, an embedded PostgreSQL;
 * builds a migrated template database that each test file clones.
 */
export default async function globalSetup(): Promise<void> {
  const workDir = createRunWorkDir('sync-engine-test-');
  const databasePrefix = `se_test_${process.pid}_`;
  const running: { -readonly [K in keyof RunningTestStack]: RunningTestStack[K] } = {
    workDir,
    databasePrefix,
  };
  globalThis.syncEngineTestStack = running;
  try {
    const [temporal, postgres] = await Promise.all([
      startTemporalDevServer({
        dbFile: path.join(workDir, 'temporal.sqlite'),
        logFile: path.join(workDir, 'temporal.log'),
      }),
      process.env.DATABASE_URL
        ? Promise.resolve(undefined)
        : startEmbeddedPostgres({
            dataDir: path.join(workDir, 'postgres', 'data'),
            ephemeral: true,
            logFile: path.join(workDir, 'postgres.log'),
          }),
    ]);
    running.temporal = temporal;
    running.postgres = postgres;
    const adminDatabaseUrl = process.env.DATABASE_URL ?? postgres?.url;
    if (!adminDatabaseUrl) throw new Error('unreachable: no database URL');
    running.adminDatabaseUrl = adminDatabaseUrl;

    const admin = createTestDatabaseAdmin(adminDatabaseUrl);
    const templateDatabase = `${databasePrefix}template`;
    try {
      await admin.dropDatabasesOfDeadRuns();
      await admin.createDatabase(templateDatabase);
    } finally {
      await admin.close();
    }
    const template = createDatabase({
      url: withDatabaseName(adminDatabaseUrl, templateDatabase),
      poolSize: 1,
    });
    try {
      await migrateToLatest(template, connectorMigrations());
    } finally {
      await template.destroy();
    }
    const workflowBundlePath = path.join(workDir, 'workflow-bundle.js');
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve('../../workflows'),
      logger: new DefaultLogger('WARN'),
    });
    writeFileSync(workflowBundlePath, code);
    publishTestStack({
      temporalAddress: temporal.address,
      adminDatabaseUrl,
      templateDatabase,
      databasePrefix,
      workflowBundlePath,
    });
  } catch (err) {
    await stopTestStack(running);
    throw err;
  }
}

export async function stopTestStack(stack: RunningTestStack): Promise<void> {
  if (stack.adminDatabaseUrl && !stack.postgres) {
    // A shared server outlives us: drop what this run created. An embedded one is thrown away whole.
    const admin = createTestDatabaseAdmin(stack.adminDatabaseUrl);
    try {
      await admin.dropDatabasesWithPrefix(stack.databasePrefix);
    } finally {
      await admin.close();
    }
  }
  await Promise.all([stack.temporal?.stop(), stack.postgres?.stop()]);
  rmSync(stack.workDir, { recursive: true, force: true });
}
