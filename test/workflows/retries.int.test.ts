import { WorkflowFailedError } from '@temporalio/client';
import { fullSyncWorkflow } from '../../workflows';
import { syncWorkflowId } from '../../workflows/shared/workflow-ids';
import { createEngineStack, type EngineStack, type RunningWorkers } from '../harness/engine-stack';
import { createTimeSkippingEnvironment } from '../harness/temporal';
import { pollUntil } from '../../devstack/poll';

/** Event times of one activity type's scheduling and of its last start, from the history. */
async function activityTimes(stack: EngineStack, workflowId: string, activityType: string) {
  const history = await stack.client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  const scheduled = events.find(
    (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === activityType,
  );
  const scheduledId = scheduled?.eventId?.toString();
  const started = events.find(
    (e) => e.activityTaskStartedEventAttributes?.scheduledEventId?.toString() === scheduledId,
  );
  const toMs = (time: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
    Number(time?.seconds ?? 0) * 1000 + Math.floor((time?.nanos ?? 0) / 1e6);
  return {
    scheduledAt: toMs(scheduled?.eventTime),
    lastStartedAt: toMs(started?.eventTime),
    attempt: started?.activityTaskStartedEventAttributes?.attempt ?? 0,
  };
}

describe('retries by error class (time-skipping server)', () => {
  let stack: EngineStack;
  let workers: RunningWorkers;

  beforeAll(async () => {
    stack = await createEngineStack(
      { seed: 3, orgs: [{ connector: 'hr', records: 200, pagination: 'cursor' }] },
      { temporal: createTimeSkippingEnvironment },
    );
    // The time-skipping server's clock runs ahead of the wall clock the shared org block uses.
    workers = await stack.startWorkers({ shareRateLimitWaits: false });
  });

  afterAll(async () => {
    await workers?.stop();
    await stack?.teardown();
  });

  it('waits out a 429 Retry-After of 600 s in workflow time, then succeeds', async () => {
    const [sandboxOrg] = stack.sandbox.orgs;
    const orgId = await stack.connect(sandboxOrg!);
    await stack.sandbox.admin.patchOrg(sandboxOrg!.id, { faults: { rate429: 1, retryAfterSeconds: 600 } });
    const workflowId = syncWorkflowId(orgId, 'full');
    const handle = await stack.client.workflow.start(fullSyncWorkflow, {
      taskQueue: stack.taskQueue,
      workflowId,
      args: [{ orgId }],
    });
    // Once the API has refused a request, let it answer again; the activity's retry then succeeds.
    await pollUntil(async () => (await stack.sandbox.admin.stats()).totals.faults.rate_limited > 0, {
      description: 'a 429 from the sandbox',
      timeoutMs: 30_000,
    });
    await stack.sandbox.admin.patchOrg(sandboxOrg!.id, { faults: { rate429: 0 } });
    const outcome = await handle.result();
    expect(outcome.status).toBe('succeeded');

    const times = await activityTimes(stack, workflowId, 'syncEntities');
    expect(times.attempt).toBeGreaterThanOrEqual(2);
    expect(times.lastStartedAt - times.scheduledAt).toBeGreaterThanOrEqual(600_000);
    expect(times.lastStartedAt - times.scheduledAt).toBeLessThan(700_000);
  });

  it('fails fast and visibly on an auth error, without retrying', async () => {
    const [sandboxOrg] = stack.sandbox.orgs;
    const orgId = await stack.connect({ ...sandboxOrg!, token: 'revoked-token' });
    const workflowId = syncWorkflowId(orgId, 'full');
    const failure = await stack.client.workflow
      .execute(fullSyncWorkflow, { taskQueue: stack.taskQueue, workflowId, args: [{ orgId }] })
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause as {
      cause?: { type?: string; nonRetryable?: boolean };
    };
    expect(cause.cause).toMatchObject({ type: 'ApiAuthError', nonRetryable: true });
    expect((await activityTimes(stack, workflowId, 'syncEntities')).attempt).toBe(1);
    const run = await stack.testDb.db
      .selectFrom('sync_runs')
      .select(['status', 'error'])
      .where('org_id', '=', orgId)
      .where('entity', 'is', null)
      .executeTakeFirstOrThrow();
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/^ApiAuthError: .*401/);
    expect(run.error).not.toContain('revoked-token');
  });
});
