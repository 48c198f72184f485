import { sql } from 'kysely';
import { fullSyncWorkflow } from '../../workflows';
import { requestRerunSignal } from '../../workflows/shared/messages';
import { syncWorkflowId } from '../../workflows/shared/workflow-ids';
import { pollUntil } from '../../devstack/poll';
import { compareWithTruth, summarise } from '../harness/compare-with-truth';
import { createEngineStack, type EngineStack, type RunningWorkers } from '../harness/engine-stack';

describe('full sync', () => {
  let stack: EngineStack;
  let workers: RunningWorkers;
  const orgs: { engine: string; sandbox: string }[] = [];

  beforeAll(async () => {
    // Same seed and size: the three orgs share every external id, as tenants of a real API do.
    stack = await createEngineStack({
      seed: 7,
      orgs: [
        { connector: 'hr', records: 6_000, pagination: 'cursor', seed: 7 },
        { connector: 'hr', records: 6_000, pagination: 'page', seed: 7 },
        { connector: 'hr', records: 6_000, pagination: 'link', seed: 8 },
      ],
    });
    for (const org of stack.sandbox.orgs) orgs.push({ engine: await stack.connect(org), sandbox: org.id });
    workers = await stack.startWorkers();
  });

  afterAll(async () => {
    await workers?.stop();
    await stack?.teardown();
  });

  it('copies every org field by field, in dependency order, without leaking rows between orgs', async () => {
    const outcomes = await Promise.all(
      orgs.map((org) =>
        stack.client.workflow.execute(fullSyncWorkflow, {
          taskQueue: stack.taskQueue,
          workflowId: syncWorkflowId(org.engine, 'full'),
          args: [{ orgId: org.engine }],
        }),
      ),
    );
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('succeeded');
      expect(Object.values(outcome.progress.entities).every((entity) => entity.phase === 'done')).toBe(true);
    }
    for (const org of orgs) {
      expect(summarise(await compareWithTruth(stack, org.engine, org.sandbox))).toEqual([]);
    }
    const { rows } = await sql<{ org_id: string; n: number }>`
      select org_id, count(*)::int as n from hr_people group by org_id order by org_id`.execute(
      stack.testDb.db,
    );
    expect(rows).toHaveLength(3);
    // Shared ids are stored once per org, never merged across orgs.
    const shared = await sql<{ n: number }>`
      select count(distinct org_id)::int as n from hr_people where external_id = 'per_0000001'`.execute(
      stack.testDb.db,
    );
    expect(shared.rows[0]?.n).toBe(3);
    const runs = await stack.testDb.db
      .selectFrom('sync_runs')
      .select(['org_id', 'status', 'fetched', 'entity'])
      .where('entity', 'is', null)
      .execute();
    expect(runs.map((run) => run.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  });

  it('runs a trigger coalesced into a running sync as a sync of its own, under its own sync id', async () => {
    const org = orgs[0]!;
    await stack.sandbox.admin.patchOrg(org.sandbox, { faults: { rateSlow: 1, slowMs: 100 } });
    const workflowId = `${syncWorkflowId(org.engine, 'full')}-rerun`;
    const handle = await stack.client.workflow.start(fullSyncWorkflow, {
      taskQueue: stack.taskQueue,
      workflowId,
      args: [{ orgId: org.engine }],
    });
    const running = () =>
      stack.testDb.db
        .selectFrom('sync_runs')
        .select('status')
        .where('workflow_id', '=', workflowId)
        .where('entity', 'is', null)
        .where('status', '=', 'running')
        .executeTakeFirst();
    await pollUntil(async () => (await running()) !== undefined, {
      description: 'the first sync to be running',
      timeoutMs: 30_000,
      intervalMs: 20,
    });
    await handle.signal(requestRerunSignal);
    const outcome = await handle.result();
    await stack.sandbox.admin.patchOrg(org.sandbox, { faults: { rateSlow: 0 } });
    expect(outcome.status).toBe('succeeded');
    expect(outcome.syncId).not.toBe(handle.firstExecutionRunId);
    // The rerun listed every record again instead of taking the first sync's cursors for its own.
    const fetched = Object.values(outcome.progress.entities).reduce((sum, entity) => sum + entity.fetched, 0);
    expect(fetched).toBeGreaterThan(0);
    const runs = await stack.testDb.db
      .selectFrom('sync_runs')
      .select(['run_id', 'status'])
      .where('workflow_id', '=', workflowId)
      .where('entity', 'is', null)
      .execute();
    expect(runs.map((run) => run.status)).toEqual(['succeeded', 'succeeded']);
    expect(new Set(runs.map((run) => run.run_id)).size).toBe(2);
  });
});
