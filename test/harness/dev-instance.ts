import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../config/project-root.cjs';
import { PollAbortedError, pollUntil } from '../../devstack/poll';
import type { CliResult } from './cli';

export const CLI = path.join(projectRoot(), 'bin', 'sync-engine.js');

/** dev's own servers, not the test run's: an embedded PostgreSQL in its data folder. */
const { DATABASE_URL: _unused, ...ENV_WITHOUT_DATABASE } = process.env;
export const DEV_ENV: NodeJS.ProcessEnv = ENV_WITHOUT_DATABASE;

/** A data folder for `dev`; as root, the embedded PostgreSQL runs as another user, who must reach it. */
export function makeDevDataDir(): string {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sync-engine-dev-test-'));
  chmodSync(dataDir, 0o711);
  return dataDir;
}

/** A long-running `sync-engine` process with its output collected. */
export interface CliProcess {
  readonly child: ChildProcess;
  output(): string;
}

export function spawnCli(args: readonly string[], env: NodeJS.ProcessEnv = DEV_ENV): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  for (const stream of [child.stdout, child.stderr])
    stream?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/** Resolves once the process printed `marker`; fails with its output if it exits first. */
export function printed(process: CliProcess, marker: string | RegExp, what: string, timeoutMs = 120_000) {
  return pollUntil(
    () => {
      const output = process.output();
      if (process.child.exitCode !== null)
        throw new PollAbortedError(`exited ${process.child.exitCode} before ${what}:\n${output}`);
      return typeof marker === 'string' ? output.includes(marker) : marker.test(output);
    },
    { description: what, timeoutMs, intervalMs: 200 },
  );
}

/** The line `dev` prints once everything runs. */
export const DEV_RUNNING = 'Ctrl-C stops everything';

/** Sends `signal` and resolves with the exit code. */
export function stopProcess(process: CliProcess, signal: NodeJS.Signals = 'SIGINT'): Promise<number | null> {
  if (process.child.exitCode !== null) return Promise.resolve(process.child.exitCode);
  const exited = new Promise<number | null>((resolve) => process.child.once('exit', resolve));
  process.child.kill(signal);
  return exited;
}

/** Runs one CLI command to its end; never throws for a non-zero exit. */
export async function runCliCommand(
  args: readonly string[],
  env: NodeJS.ProcessEnv = DEV_ENV,
): Promise<CliResult> {
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

/** Every process whose command line mentions the data folder (servers dev started). */
export async function processesUsing(dataDir: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)('ps', ['-eo', 'pid,args']);
  return stdout.split('\n').filter((line) => line.includes(dataDir) && !line.includes('ps -eo'));
}
