import { pollUntil } from '../../devstack/poll';
import { readSyncProgress } from '../../client/operations/read-sync-progress';
import { fullSyncWorkflow } from '../../workflows';
import { progressQuery } from '../../workflows/shared/messages';
import { createEngineStack, type EngineStack, type RunningWorkers } from '../harness/engine-stack';
import { startSync } from '../harness/run-sync';
import { runCli } from '../harness/cli';
import { statusOutput } from '../../client/cli/output-schemas';

describe('sync progress as the CLI reads it (sync --wait, status)', () => {
  let stack: EngineStack;
  let workers: RunningWorkers;
  let orgId: string;

  beforeAll(async () => {
    stack = await createEngineStack({
      seed: 12,
      orgs: [{ connector: 'hr', records: 12_000, pagination: 'cursor' }],
    });
    orgId = await stack.connect(stack.sandbox.orgs[0]!);
    // Slices far longer than the test: the workflow itself learns nothing until an entity is done.
    workers = await stack.startWorkers({ sliceMs: 600_000 });
  });

  afterAll(async () => {
    await workers?.stop();
    await stack?.teardown();
  });

  it('shows pages committed in the middle of a slice, and no more than the workflow at its end', async () => {
    const sandboxOrg = stack.sandbox.orgs[0]!.id;
    // Every API answer takes 250 ms: an entity of several pages pages for seconds within one slice.
    await stack.sandbox.admin.patchOrg(sandboxOrg, { faults: { rateSlow: 1, slowMs: 250 } });
    const sync = await startSync(stack, 'full', { orgId });
    const handle = stack.client.workflow.getHandle(sync.workflowId);
    const context = { db: stack.testDb.db, temporal: stack.client };

    // An entity with committed pages that is not done: its activity has not returned.
    const [name, live] = await pollUntil(
      async () => {
        const progress = await readSyncProgress(context, sync.workflowId);
        return Object.entries(progress.entities).find(([, e]) => e.phase === 'running' && e.pages >= 2);
      },
      { description: 'committed pages of a running entity', timeoutMs: 60_000, intervalMs: 200 },
    );
    expect(live.fetched).toBeGreaterThanOrEqual(2 * 500);
    expect(live.upserted + live.quarantined).toBe(live.fetched);
    expect(live.cursor).toBe('cursor');
    expect(live.expected).toBeNull(); // a first full sync: nothing to estimate from
    // Slower still, so that the entity is still running while the CLI starts and asks.
    await stack.sandbox.admin.patchOrg(sandboxOrg, { faults: { slowMs: 2_000 } });
    const status = await runCli(stack, ['status', '--org', orgId, '--json']);
    expect(status.code).toBe(0);
    const [running] = statusOutput.parse(JSON.parse(status.stdout)).organizations[0]!.running;
    expect(running?.workflowId).toBe(sync.workflowId);
    expect(running?.progress?.entities[name]?.pages).toBeGreaterThanOrEqual(live.pages);
    // Read after both: the workflow's own answer still knows nothing of them, its slice still runs.
    const own = await handle.query(progressQuery);
    expect(own.entities[name]).toMatchObject({ phase: 'running', pages: 0, fetched: 0 });
    const pending = (await handle.describe()).raw.pendingActivities ?? [];
    expect(pending.map((activity) => activity.activityType?.name)).toContain('syncEntities');

    await stack.sandbox.admin.patchOrg(sandboxOrg, { faults: { rateSlow: 0 } });
    const outcome = await sync.result();
    expect(outcome.status).toBe('succeeded');
    // Once the workflow has learnt everything, the overlay adds nothing: counts are not doubled.
    const final = await readSyncProgress(context, sync.workflowId);
    for (const [entity, own] of Object.entries(outcome.progress.entities)) {
      expect(final.entities[entity]).toEqual({ ...own, expected: null });
    }

    // The next full sync expects what this one fetched.
    const next = await startSync(stack, 'full', { orgId });
    await next.result();
    const estimated = await readSyncProgress(context, next.workflowId);
    for (const [entity, own] of Object.entries(outcome.progress.entities)) {
      expect(estimated.entities[entity]?.expected).toBe(own.fetched);
    }
  });

  it('fails within its deadline when no worker answers, so status does not hang', async () => {
    const workflowId = `nobody-home-${Date.now()}`;
    const handle = await stack.client.workflow.start(fullSyncWorkflow, {
      taskQueue: 'no-worker-polls-this-queue',
      workflowId,
      args: [{ orgId }],
    });
    const startedAt = Date.now();
    try {
      await expect(
        readSyncProgress({ db: stack.testDb.db, temporal: stack.client }, workflowId),
      ).rejects.toThrow();
      expect(Date.now() - startedAt).toBeLessThan(10_000);
    } finally {
      await handle.terminate();
    }
  });
});
