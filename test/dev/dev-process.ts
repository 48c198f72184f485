import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../config/project-root.cjs';
import { readDevSettings, type DevSettings } from '../../devstack/dev-settings';
import { PollAbortedError, pollUntil } from '../../devstack/poll';

/** `sync-engine dev` and its helpers, run as a user runs them: the built CLI, a terminal's Ctrl-C. */

const CLI = path.join(projectRoot(), 'bin', 'sync-engine.js');
/** dev's own servers, not the test run's: an embedded PostgreSQL in its data folder. */
const { DATABASE_URL: _unused, ...ENV_WITHOUT_DATABASE } = process.env;
export const DEV_ENV: NodeJS.ProcessEnv = ENV_WITHOUT_DATABASE;

export interface DevProcess {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or the signal that ended it). */
  readonly exited: Promise<number | NodeJS.Signals | null>;
}

export function newDataDir(): string {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sync-engine-dev-test-'));
  // As root, the embedded PostgreSQL runs as another user, who must reach the folder.
  chmodSync(dataDir, 0o711);
  return dataDir;
}

export async function cli(dataDir: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, ...args, '--data-dir', dataDir], {
    env: ENV_WITHOUT_DATABASE,
    maxBuffer: 8 * 1024 * 1024,
  });
  return stdout;
}

/**
 * Starts dev as a terminal's foreground job: in a process group of its own, which `interrupt`
 * signals whole, as Ctrl-C does.
 */
export function startDev(
  dataDir: string,
  options: {
    readonly orgs?: number;
    readonly recordsPerOrg?: number;
    /** dev's own defaults, as the README's Quick start runs it (the other options are ignored). */
    readonly asDocumented?: boolean;
  } = {},
): DevProcess {
  const testSizes = [
    '--orgs',
    String(options.orgs ?? 3),
    '--records-per-org',
    String(options.recordsPerOrg ?? 1500),
    '--mutations-per-minute',
    '0',
  ];
  const child = spawn(
    process.execPath,
    [CLI, 'dev', '--data-dir', dataDir, ...(options.asDocumented ? [] : testSizes)],
    { env: ENV_WITHOUT_DATABASE, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let output = '';
  for (const stream of [child.stdout, child.stderr])
    stream?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  return { child, output: () => output, exited };
}

/** Resolves once dev prints that it runs; fails with its output if it exits first. */
export function running(dev: DevProcess, what: string): Promise<true> {
  return pollUntil(
    () => {
      if (dev.child.exitCode !== null || dev.child.signalCode !== null)
        throw new PollAbortedError(
          `dev exited ${dev.child.exitCode ?? dev.child.signalCode}:\n${dev.output()}`,
        );
      return dev.output().includes('Ctrl-C stops everything');
    },
    { description: what, timeoutMs: 120_000, intervalMs: 200 },
  );
}

/** Ctrl-C in dev's terminal: SIGINT to its whole process group. */
export function interrupt(dev: DevProcess): void {
  process.kill(-dev.child.pid!, 'SIGINT');
}

/** Every process whose command line mentions the data folder (servers dev started). */
export async function processesUsing(dataDir: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)('ps', ['-eo', 'pid,args']);
  return stdout.split('\n').filter((line) => line.includes(dataDir) && !line.includes('ps -eo'));
}

/** The pid of the server whose command line holds `marker` (e.g. `temporal.sqlite`). */
export async function serverPid(dataDir: string, marker: string): Promise<number> {
  const line = (await processesUsing(dataDir)).find(
    (candidate) => candidate.includes(marker) && !candidate.includes('watchdog.cjs'),
  );
  if (!line) throw new Error(`no process with ${marker} in ${dataDir}`);
  return Number(line.trim().split(/\s+/)[0]);
}

export interface StopTiming {
  readonly code: number | NodeJS.Signals | null;
  /** From Ctrl-C until dev and every server it started were gone. */
  readonly ms: number;
  /** From Ctrl-C until dev printed `Stopping…`. */
  readonly stoppingAfterMs: number;
}

/** Presses Ctrl-C and waits (within `boundMs`) until dev and all its servers are gone. */
export async function interruptAndWait(
  dev: DevProcess,
  dataDir: string,
  boundMs: number,
): Promise<StopTiming> {
  const started = Date.now();
  const before = dev.output().length;
  interrupt(dev);
  const stopping = pollUntil(
    () => {
      if (dev.output().slice(before).includes('Stopping…')) return Date.now() - started;
      if (dev.child.exitCode !== null || dev.child.signalCode !== null) throw new PollAbortedError('exited');
      return undefined;
    },
    { description: 'dev to print Stopping…', timeoutMs: boundMs, intervalMs: 20 },
  ).catch(() => Number.POSITIVE_INFINITY);
  const code = await Promise.race([
    dev.exited,
    new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), boundMs).unref()),
  ]);
  const stoppingAfterMs = await stopping;
  if (code === 'timeout') throw new Error(`dev did not exit within ${boundMs} ms:\n${dev.output()}`);
  await pollUntil(async () => (await processesUsing(dataDir)).length === 0, {
    description: 'every server of dev to stop',
    timeoutMs: Math.max(1_000, boundMs - (Date.now() - started)),
  });
  return { code, ms: Date.now() - started, stoppingAfterMs };
}

/** Leaves nothing behind after a failed test: dev's group and its servers' groups killed. */
export async function killAll(dev: DevProcess | undefined, dataDir: string): Promise<void> {
  if (dev && dev.child.exitCode === null && dev.child.signalCode === null) {
    try {
      process.kill(-dev.child.pid!, 'SIGKILL');
    } catch {
      // gone already
    }
    await dev.exited;
  }
  await pollUntil(async () => (await processesUsing(dataDir)).length === 0, {
    description: 'every server of dev to stop',
    timeoutMs: 30_000,
  }).catch(() => undefined);
}

export function devSettings(dataDir: string): DevSettings {
  const settings = readDevSettings(dataDir);
  if (!settings) throw new Error(`no dev.json in ${dataDir}`);
  return settings;
}

/** A long-running `sync-engine` server (`worker`, `webhooks`, `sandbox`) with its output collected. */
export interface ServerProcess {
  readonly child: ChildProcess;
  output(): string;
}

export function spawnServer(args: readonly string[], env: NodeJS.ProcessEnv = DEV_ENV): ServerProcess {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  for (const stream of [child.stdout, child.stderr])
    stream?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/** Resolves once the server printed `marker`; fails with its output if it exits first. */
export function printed(server: ServerProcess, marker: string | RegExp, what: string): Promise<true> {
  return pollUntil(
    () => {
      const output = server.output();
      if (server.child.exitCode !== null)
        throw new PollAbortedError(`exited ${server.child.exitCode} before ${what}:\n${output}`);
      return typeof marker === 'string' ? output.includes(marker) : marker.test(output);
    },
    { description: what, timeoutMs: 60_000, intervalMs: 200 },
  );
}

/** Sends `signal` and resolves with the exit code. */
export function stopServer(server: ServerProcess, signal: NodeJS.Signals): Promise<number | null> {
  if (server.child.exitCode !== null) return Promise.resolve(server.child.exitCode);
  const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve));
  server.child.kill(signal);
  return exited;
}

/** Runs one CLI command to its end as a user's shell would; never throws for a non-zero exit. */
export async function runCommand(
  args: readonly string[],
  env: NodeJS.ProcessEnv = DEV_ENV,
): Promise<{ readonly code: number; readonly stdout: string; readonly stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      env,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failure = err as { code?: number; stdout?: string; stderr?: string };
    return { code: failure.code ?? 1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' };
  }
}
