import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../config/project-root.cjs';
import { type EngineStack, engineProcessEnv } from './engine-stack';

/** A real `sync-engine worker` process (the compiled CLI: `npm test` builds it first). */
export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  output(): string;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

export function startWorkerProcess(stack: EngineStack, env: NodeJS.ProcessEnv = {}): WorkerProcess {
  const child = spawn(process.execPath, [path.join(projectRoot(), 'bin', 'sync-engine.js'), 'worker'], {
    env: { ...engineProcessEnv(stack), SYNC_SLICE_SECONDS: '5', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  for (const stream of [child.stdout, child.stderr])
    stream?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => output,
    kill(signal) {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
