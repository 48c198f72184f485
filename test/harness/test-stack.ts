/**
 * The servers the integration tests share, started by global-setup and described to test files
 * through environment variables (jest forks test workers after global setup runs).
 */
export interface TestStackInfo {
  /** host:port of the Temporal dev server. */
  readonly temporalAddress: string;
  /** A URL whose database this run may create and drop databases from. */
  readonly adminDatabaseUrl: string;
  /** A migrated database that each test file clones. */
  readonly templateDatabase: string;
  /** Prefix of every database this run creates. */
  readonly databasePrefix: string;
  /** The engine's workflows, bundled once for every test worker. */
  readonly workflowBundlePath: string;
}

const ENV_KEY = 'SYNC_ENGINE_TEST_STACK';

export function publishTestStack(info: TestStackInfo): void {
  process.env[ENV_KEY] = JSON.stringify(info);
}

export function testStack(): TestStackInfo {
  const raw = process.env[ENV_KEY];
  if (!raw) throw new Error('No test stack: integration tests run through `npm test` (jest global setup).');
  return JSON.parse(raw) as TestStackInfo;
}
