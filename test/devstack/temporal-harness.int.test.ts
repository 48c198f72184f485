import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { ensureTemporalBinaries } from '../../devstack/temporal-binaries';
import { pollUntil } from '../../devstack/poll';
import { ORG_ID, SYNC_KIND } from '../../workflows/shared/search-attributes';
import * as probeActivities from '../fixtures/workflows/harness-probe.activities';
import { harnessProbe } from '../fixtures/workflows/harness-probe.workflow';
import { connectToTestTemporal, uniqueTaskQueue } from '../harness/temporal';
import { testStack } from '../harness/test-stack';

const execFileAsync = promisify(execFile);

describe('the Temporal dev server of the test harness', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await connectToTestTemporal();
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('runs a workflow whose activity result the client reads, findable by its OrgId search attribute', async () => {
    const taskQueue = uniqueTaskQueue('harness');
    const orgId = `org_harness_${Date.now()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: require.resolve('../fixtures/workflows/harness-probe.workflow'),
      activities: probeActivities,
    });

    const result = await worker.runUntil(
      env.client.workflow.execute(harnessProbe, {
        taskQueue,
        workflowId: `harness-${orgId}`,
        args: [orgId],
        typedSearchAttributes: [
          { key: ORG_ID, value: orgId },
          { key: SYNC_KIND, value: 'full' },
        ],
      }),
    );
    expect(result).toMatch(new RegExp(`^worker \\d+ served ${orgId}$`));

    // Visibility is eventually consistent: poll the real CLI until the run shows up.
    const listed = await pollUntil(
      async () => {
        const { stdout } = await execFileAsync(ensureTemporalBinaries().cli, [
          'workflow',
          'list',
          '--address',
          testStack().temporalAddress,
          '--query',
          `OrgId="${orgId}"`,
          '--output',
          'json',
        ]);
        const runs = JSON.parse(stdout || '[]') as { execution: { workflowId: string } }[];
        return runs.length > 0 ? runs : undefined;
      },
      { description: 'the workflow in `temporal workflow list`', timeoutMs: 20_000, intervalMs: 250 },
    );
    expect(listed.map((run) => run.execution.workflowId)).toEqual([`harness-${orgId}`]);
  });
});
