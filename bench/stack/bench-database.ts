import pg from 'pg';
import { withDatabaseName } from '../../db/database-url';
import { isProcessAlive } from '../../devstack/process-alive';

const PREFIX = 'se_bench_';

export interface BenchDatabase {
  readonly url: string;
  /** Drops the database (on a shared server; an embedded one is thrown away whole). */
  drop(): Promise<void>;
}

/**
 * A database of this run's own on the given server (`se_bench_<pid>`), after dropping those of
 * benchmark runs whose process is gone (interrupted runs cannot clean up after themselves).
 */
export async function createBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `${PREFIX}${process.pid}`;
  await withAdmin(serverUrl, async (admin) => {
    const { rows } = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like $1`,
      [`${PREFIX}%`],
    );
    for (const { datname } of rows) {
      const pid = Number(datname.slice(PREFIX.length));
      if (datname === name || (Number.isInteger(pid) && !isProcessAlive(pid)))
        await admin.query(`drop database if exists "${datname}" with (force)`);
    }
    await admin.query(`create database "${name}"`);
  });
  return {
    url: withDatabaseName(serverUrl, name),
    drop: async () => {
      await withAdmin(serverUrl, (admin) => admin.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

async function withAdmin<T>(url: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
