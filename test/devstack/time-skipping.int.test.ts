import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { sleepOneDay } from '../fixtures/workflows/harness-probe.workflow';
import * as probeActivities from '../fixtures/workflows/harness-probe.activities';
import { createTimeSkippingEnvironment, uniqueTaskQueue } from '../harness/temporal';

const ONE_DAY_MS = 24 * 60 * 60 * 1000;

describe('the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('sleeps a day of workflow time in seconds of wall time', async () => {
    const taskQueue = uniqueTaskQueue('time-skipping');
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('../fixtures/workflows/harness-probe.workflow'),
      activities: probeActivities,
    });
    const wallStart = Date.now();
    const workflowTimeSlept = await worker.runUntil(
      env.client.workflow.execute(sleepOneDay, { taskQueue, workflowId: `sleep-${wallStart}` }),
    );
    expect(workflowTimeSlept).toBeGreaterThanOrEqual(ONE_DAY_MS);
    // Without time skipping this test could not finish at all within jest's timeout.
    expect(Date.now() - wallStart).toBeLessThan(ONE_DAY_MS / 1000);
  });
});
