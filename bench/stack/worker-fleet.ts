import { warmUpWorkers } from '../engine/warm-up';
import type { BenchStack } from './bench-stack';
import type { EngineProcess } from './engine-process';
import { processMemoryMb } from './process-memory';

/** Real `sync-engine worker` processes polling the run's task queues. */
export interface WorkerFleet {
  readonly workers: readonly EngineProcess[];
  /** Peak resident set of each worker since it started (VmHWM), in MB. */
  peakRssMb(): number[];
  stop(): Promise<void>;
}

let started = 0;

/** Starts `count` workers and waits until each has connected and polls. */
export async function startWorkerFleet(stack: BenchStack, count: number): Promise<WorkerFleet> {
  const workers = await Promise.all(
    Array.from({ length: count }, () =>
      stack.launch({
        name: `worker-${++started}`,
        args: ['worker'],
        nodeArgs: stack.workerNodeArgs,
        isReady: (output) => output.includes('"msg":"worker started"'),
      }),
    ),
  );
  return {
    workers,
    peakRssMb: () => workers.map((worker) => processMemoryMb(worker.pid, 'VmHWM')),
    stop: async () => {
      await Promise.all(workers.map((worker) => worker.stop()));
    },
  };
}

/**
 * Runs `work` with a fresh fleet of `count` workers, warmed up first, stopping them afterwards (also
 * on failure). Peak RSS includes the warm-up, which is far smaller than any measured work.
 */
export async function withWorkers<T>(
  stack: BenchStack,
  count: number,
  work: (fleet: WorkerFleet) => Promise<T>,
): Promise<T> {
  const fleet = await startWorkerFleet(stack, count);
  try {
    await warmUpWorkers(stack);
    return await work(fleet);
  } finally {
    await fleet.stop();
  }
}
