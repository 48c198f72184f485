import pg from 'pg';
import { isProcessAlive } from '../../devstack/process-alive';

/** Creates and drops the per-run, per-file test databases on the admin connection's server. */
export interface TestDatabaseAdmin {
  createDatabase(name: string, template?: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
  dropDatabasesWithPrefix(prefix: string): Promise<void>;
  /** Databases named `se_test_<pid>_…` whose jest process is gone (an interrupted run). */
  dropDatabasesOfDeadRuns(): Promise<void>;
  close(): Promise<void>;
}

const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

export function createTestDatabaseAdmin(adminUrl: string): TestDatabaseAdmin {
  const pool = new pg.Pool({ connectionString: adminUrl, max: 2 });
  const databaseNames = async (pattern: string) =>
    (
      await pool.query<{ datname: string }>('select datname from pg_database where datname like $1', [
        pattern,
      ])
    ).rows.map((row) => row.datname);
  const admin: TestDatabaseAdmin = {
    async createDatabase(name, template) {
      await pool.query(
        `create database ${quoteIdentifier(name)}${template ? ` template ${quoteIdentifier(template)}` : ''}`,
      );
    },
    async dropDatabase(name) {
      await pool.query(`drop database if exists ${quoteIdentifier(name)} with (force)`);
    },
    async dropDatabasesWithPrefix(prefix) {
      for (const name of await databaseNames(`${prefix}%`)) await admin.dropDatabase(name);
    },
    async dropDatabasesOfDeadRuns() {
      for (const name of await databaseNames('se\\_test\\_%')) {
        const pid = Number(/^se_test_(\d+)_/.exec(name)?.[1]);
        if (Number.isInteger(pid) && !isProcessAlive(pid)) await admin.dropDatabase(name);
      }
    },
    close: () => pool.end(),
  };
  return admin;
}
