import path from 'node:path';
import { projectRoot } from '../../config/project-root.cjs';
import { PollAbortedError, pollUntil } from '../../devstack/poll';
import { SupervisedProcess } from '../../devstack/supervised-process';
import { childPids } from './process-memory';

export interface EngineProcessOptions {
  /** For messages and the log file name, e.g. `worker-1`. */
  readonly name: string;
  /** Arguments of `sync-engine`, e.g. `['worker']`. */
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly logFile: string;
  /** Flags for node itself, e.g. `--cpu-prof`. */
  readonly nodeArgs?: readonly string[];
  /** Resolves true once the process serves (it may look at the output so far). */
  readonly isReady: (output: string) => Promise<boolean> | boolean;
  readonly readyTimeoutMs?: number;
}

/** A `sync-engine` command running in its own process, under the watchdog like every server here. */
export interface EngineProcess {
  readonly name: string;
  /** The node process of the command itself (not its watchdog): where /proc tells its memory. */
  readonly pid: number;
  /** Asks it to stop (SIGTERM through the watchdog) and waits. */
  stop(): Promise<void>;
}

/**
 * Starts `node bin/sync-engine.js <args>` through the watchdog (it stops when this process dies,
 * however it dies) and waits until it is ready.
 */
export async function startEngineProcess(options: EngineProcessOptions): Promise<EngineProcess> {
  const supervised = SupervisedProcess.start({
    name: options.name,
    command: process.execPath,
    args: [...(options.nodeArgs ?? []), path.join(projectRoot(), 'bin', 'sync-engine.js'), ...options.args],
    env: options.env,
    logFile: options.logFile,
  });
  const stop = () => supervised.stop(30_000);
  try {
    const pid = await pollUntil(
      async () => {
        if (!supervised.running) {
          throw new PollAbortedError(`${options.name} exited early:\n${supervised.recentOutput()}`);
        }
        const [program] = supervised.pid === undefined ? [] : childPids(supervised.pid);
        return program !== undefined && (await options.isReady(supervised.recentOutput())) ? program : false;
      },
      {
        description: `${options.name} to be ready`,
        timeoutMs: options.readyTimeoutMs ?? 60_000,
        intervalMs: 50,
      },
    );
    return { name: options.name, pid, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
