import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { createDatabase } from '../../db/connection';
import { withDatabaseName } from '../../db/database-url';
import type { Database } from '../../db/database';
import { createTestDatabaseAdmin } from './test-database-admin';
import { testStack } from './test-stack';

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  readonly db: Kysely<Database>;
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database of this test file's own (a clone of the run's template), so test
 * files can run in parallel without seeing each other's rows.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { adminDatabaseUrl, templateDatabase, databasePrefix } = testStack();
  const name = `${databasePrefix}${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(4).toString('hex')}`;
  const admin = createTestDatabaseAdmin(adminDatabaseUrl);
  try {
    await admin.createDatabase(name, templateDatabase);
  } finally {
    await admin.close();
  }
  const url = withDatabaseName(adminDatabaseUrl, name);
  const db = createDatabase({ url, poolSize: 5, applicationName: `sync-engine-test-${name}` });
  return {
    name,
    url,
    db,
    async destroy() {
      await db.destroy();
      const dropper = createTestDatabaseAdmin(adminDatabaseUrl);
      try {
        await dropper.dropDatabase(name);
      } finally {
        await dropper.close();
      }
    },
  };
}
