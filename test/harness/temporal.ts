import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureTemporalBinaries } from '../../devstack/temporal-binaries';
import { testStack } from './test-stack';

/** A client and worker connection to the run's shared Temporal dev server. */
export function connectToTestTemporal(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createFromExistingServer({ address: testStack().temporalAddress });
}

/** A time-skipping environment on the installed test server (it cannot be downloaded here). */
export function createTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: ensureTemporalBinaries().testServer } },
  });
}

/** A task queue no other test uses, so workers of parallel test files never steal each other's tasks. */
export function uniqueTaskQueue(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}
