import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../config/project-root.cjs';
import type { EngineStack } from './engine-stack';
import { testStack } from './test-stack';

/** A real `sync-engine worker` process (the compiled CLI: `npm test` builds it first). */
export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  output(): string;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

export function startWorkerProcess(stack: EngineStack, env: NodeJS.ProcessEnv = {}): WorkerProcess {
  const child = spawn(process.execPath, [path.join(projectRoot(), 'bin', 'sync-engine.js'), 'worker'], {
    env: {
      ...process.env,
      DATABASE_URL: stack.testDb.url,
      TEMPORAL_ADDRESS: testStack().temporalAddress,
      TASK_QUEUE: stack.taskQueue,
      SYNC_ENGINE_SECRET_KEY: stack.secretKey.toString('base64'),
      WORKFLOW_BUNDLE_PATH: testStack().workflowBundlePath,
      SYNC_SLICE_SECONDS: '5',
      LOG_LEVEL: 'warn',
      METRICS_PORT: '0',
      ...env,
    },
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
