// The SDK reads this option without declaring it: if a new SDK version stops reading it, this fails.
import { noopMetricMeter } from '@temporalio/common';
import { compileWorkerOptions } from '@temporalio/worker/lib/worker-options';
import { STARVED_CPU_TOLERANCE } from '../../workers/sync-workers';

const silent = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

describe('the workers’ isolate timeout', () => {
  it('gives a workflow activation 30 s, not the SDK’s 5 s, before failing it', () => {
    const compiled = compileWorkerOptions(
      { taskQueue: 'q', workflowsPath: '/nowhere', ...STARVED_CPU_TOLERANCE },
      silent,
      noopMetricMeter,
    );
    expect(compiled.isolateExecutionTimeoutMs).toBe(30_000);
  });
});
