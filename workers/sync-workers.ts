import type { Client } from '@temporalio/client';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { bulkTaskQueue } from '../workflows/shared/task-queues';

export interface SyncWorkersOptions {
  readonly connection: NativeConnection;
  readonly namespace?: string;
  readonly taskQueue: string;
  readonly deps: Omit<ActivityDeps, 'temporal'> & { readonly temporal: Client };
  /** A prebuilt bundle (production), or the workflows' source path (tests, dev). */
  readonly workflows: { readonly bundlePath: string } | { readonly workflowsPath: string };
  readonly maxConcurrentActivities: number;
  readonly maxConcurrentBulkActivities: number;
  readonly maxConcurrentWorkflowTasks: number;
  readonly shutdownGraceMs: number;
  readonly identity?: string;
}

export interface SyncWorkers {
  /** Runs until shutdown (SIGINT/SIGTERM, or `shutdown()`), then closes the API clients. */
  run(): Promise<void>;
  shutdown(): void;
}

/**
 * Not the SDK's 5 s isolate timeout: on a starved CPU an activation of ours can take that long, and
 * Node may then abort the whole process when the vm timeout interrupts a workflow's microtasks
 * ("async hook stack has become corrupted", nodejs/node#38503; seen in the chaos suite). The SDK
 * reads this option but does not declare it (`WorkerOptionsWithDefaults`), hence the spread.
 */
export const STARVED_CPU_TOLERANCE = { isolateExecutionTimeout: '30s' };

/**
 * The two workers of one process: the interactive one (workflows, deltas, webhook record syncs,
 * decisions) and the bulk one (full-sync and reconciliation pages), with separate slot limits so
 * bulk work can never take the slots deltas and webhooks need.
 */
export async function createSyncWorkers(options: SyncWorkersOptions): Promise<SyncWorkers> {
  const { close, ...activities } = createActivities(options.deps);
  const common: Partial<WorkerOptions> = {
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    activities,
    shutdownGraceTime: options.shutdownGraceMs,
    ...(options.identity === undefined ? {} : { identity: options.identity }),
  };
  const workflowSource =
    'bundlePath' in options.workflows
      ? { workflowBundle: { codePath: options.workflows.bundlePath } }
      : { workflowsPath: options.workflows.workflowsPath };
  const [interactive, bulk] = await Promise.all([
    Worker.create({
      ...common,
      ...workflowSource,
      taskQueue: options.taskQueue,
      maxConcurrentActivityTaskExecutions: options.maxConcurrentActivities,
      maxConcurrentWorkflowTaskExecutions: options.maxConcurrentWorkflowTasks,
      ...STARVED_CPU_TOLERANCE,
    }),
    Worker.create({
      ...common,
      taskQueue: bulkTaskQueue(options.taskQueue),
      maxConcurrentActivityTaskExecutions: options.maxConcurrentBulkActivities,
    }),
  ]);
  return {
    async run() {
      const shutdownBoth = () => {
        for (const worker of [interactive, bulk]) if (worker.getState() === 'RUNNING') worker.shutdown();
      };
      // If one worker fails, stop the other too: a half-working process would look healthy.
      const results = await Promise.allSettled(
        [interactive, bulk].map((worker) => worker.run().finally(shutdownBoth)),
      );
      await close();
      const failure = results.find((result) => result.status === 'rejected');
      if (failure) throw failure.reason;
    },
    shutdown() {
      for (const worker of [interactive, bulk]) if (worker.getState() === 'RUNNING') worker.shutdown();
    },
  };
}
