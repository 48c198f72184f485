import { pollUntil } from '../../devstack/poll';
import { compareWithTruth, summarise } from '../harness/compare-with-truth';
import { createEngineStack, type EngineStack, type RunningWorkers } from '../harness/engine-stack';
import { runSync, startSync } from '../harness/run-sync';

describe('delta sync', () => {
  let stack: EngineStack;
  let workers: RunningWorkers;

  beforeAll(async () => {
    stack = await createEngineStack({
      seed: 11,
      orgs: [
        { id: 'cursor-org', connector: 'hr', records: 6_000, pagination: 'cursor' },
        { id: 'link-org', connector: 'hr', records: 6_000, pagination: 'link' },
      ],
    });
    workers = await stack.startWorkers();
  });

  afterAll(async () => {
    await workers?.stop();
    await stack?.teardown();
  });

  it.each(['cursor-org', 'link-org'])(
    'catches ties across pages, updates during pagination and late writes; misses only deletions (%s)',
    async (sandboxOrgId) => {
      const admin = stack.sandbox.admin;
      const orgId = await stack.connect(stack.sandbox.orgs.find((org) => org.id === sandboxOrgId)!);
      expect((await runSync(stack, 'full', { orgId })).status).toBe('succeeded');

      // 700 people share one updated_at: more than a page of 500, so the tie crosses a page boundary.
      const batch = await admin.mutate(sandboxOrgId, { creates: 30, updates: 200, deletes: 5 });
      await admin.mutate(sandboxOrgId, { tieBurst: 700, entity: 'people' });
      const { created } = await admin.mutate(sandboxOrgId, { creates: 1, entity: 'people' });
      await admin.mutate(sandboxOrgId, { entity: 'people', deleteIds: created });

      // Slow pages, so that the next mutations land while the delta is paging.
      await admin.patchOrg(sandboxOrgId, { faults: { rateSlow: 1, slowMs: 250 } });
      const requests = async () => {
        const stats = await admin.stats();
        return Object.values(stats.orgs[sandboxOrgId]?.requests ?? {}).reduce((sum, n) => sum + n, 0);
      };
      const before = await requests();
      const delta = await startSync(stack, 'delta', { orgId });
      await pollUntil(async () => (await requests()) >= before + 2, {
        description: 'the delta to be paging',
        timeoutMs: 30_000,
        intervalMs: 20,
      });
      const atMutation = await requests();
      await admin.mutate(sandboxOrgId, { updates: 40, entity: 'people', late: 20, lateMs: 60_000 });
      const first = await delta.result();
      await admin.patchOrg(sandboxOrgId, { faults: { rateSlow: 0 } });
      expect(first.status).toBe('succeeded');
      // The delta did fetch pages after the mid-pagination mutations.
      expect(await requests()).toBeGreaterThan(atMutation + 1);
      expect(first.progress.entities.people?.fetched).toBeGreaterThanOrEqual(700);

      // A second delta looks back past its watermark and picks up the late-visible writes.
      expect((await runSync(stack, 'delta', { orgId })).status).toBe('succeeded');
      const differences = summarise(await compareWithTruth(stack, orgId, sandboxOrgId));
      const extra = differences.flatMap((d) => (d.extraCount > 0 ? d.extra : []));
      expect(differences.every((d) => d.missingCount === 0 && d.differentCount === 0)).toBe(true);
      expect(extra.sort()).toEqual([...batch.deleted].sort());

      // Reconciliation then notices the deletions: exact.
      const reconciled = await runSync(stack, 'reconcile', { orgId });
      expect(reconciled.status).toBe('succeeded');
      expect(summarise(await compareWithTruth(stack, orgId, sandboxOrgId))).toEqual([]);
    },
  );
});

describe('a delta whose first, local slice fails', () => {
  let stack: EngineStack;
  let workers: RunningWorkers;

  beforeAll(async () => {
    stack = await createEngineStack({ seed: 12, orgs: [{ id: 'flaky', connector: 'hr', records: 1_000 }] });
    // One request per attempt: a 5xx fails the local slice instead of being retried inside it.
    workers = await stack.startWorkers({ inlineAttempts: 1 });
  });

  afterAll(async () => {
    await workers?.stop();
    await stack?.teardown();
  });

  it('goes on in regular activities, from the committed cursors, and ends exact', async () => {
    const admin = stack.sandbox.admin;
    const orgId = await stack.connect(stack.sandbox.orgs[0]!);
    expect((await runSync(stack, 'full', { orgId })).status).toBe('succeeded');
    await admin.mutate('flaky', { updates: 50, creates: 10 });
    await admin.patchOrg('flaky', { faults: { rate5xx: 1 } });
    const delta = await startSync(stack, 'delta', { orgId });
    await pollUntil(async () => (await admin.stats()).totals.faults.server_error > 0, {
      description: 'a 5xx from the sandbox',
      timeoutMs: 30_000,
      intervalMs: 20,
    });
    await admin.patchOrg('flaky', { faults: { rate5xx: 0 } });
    expect((await delta.result()).status).toBe('succeeded');

    const history = await stack.client.workflow.getHandle(delta.workflowId).fetchHistory();
    const scheduled = (history.events ?? []).map(
      (event) => event.activityTaskScheduledEventAttributes?.activityType?.name,
    );
    expect(scheduled).toContain('syncEntities');
    expect(summarise(await compareWithTruth(stack, orgId, 'flaky'))).toEqual([]);
  });
});
