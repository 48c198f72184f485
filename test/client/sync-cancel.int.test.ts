import { pollUntil } from '../../devstack/poll';
import { syncCancelOutput, syncOutput } from '../../client/cli/output-schemas';
import { runCli } from '../harness/cli';
import { createEngineStack, type EngineStack, type RunningWorkers } from '../harness/engine-stack';

describe('sync cancel', () => {
  let stack: EngineStack;
  let workers: RunningWorkers;
  let orgId: string;

  const cli = (...args: string[]) => runCli(stack, args);
  const runRows = (workflowId: string) =>
    stack.testDb.db
      .selectFrom('sync_runs')
      .select(['run_id', 'entity', 'status', 'fetched'])
      .where('workflow_id', '=', workflowId)
      .orderBy('id')
      .execute();
  const lease = (kind: 'full' | 'delta' = 'full') =>
    stack.testDb.db
      .selectFrom('sync_leases')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('kind', '=', kind)
      .executeTakeFirst();

  beforeAll(async () => {
    stack = await createEngineStack({
      seed: 1213,
      orgs: [{ id: 'cancel-a', connector: 'hr', records: 10_000 }],
    });
    orgId = await stack.connect(stack.sandbox.orgs[0]!);
    workers = await stack.startWorkers();
  });

  afterAll(async () => {
    await workers?.stop();
    await stack?.teardown();
  });

  it('stops a long full sync: lease released, run recorded as cancelled, the next full sync starts and succeeds', async () => {
    // Every API answer takes half a second: the full sync takes far longer than the test waits.
    await stack.sandbox.admin.patchOrg('cancel-a', { faults: { rateSlow: 1, slowMs: 500 } });
    const started = syncOutput.parse(
      JSON.parse((await cli('sync', 'full', '--org', orgId, '--json')).stdout),
    );
    const workflowId = `sync:${orgId}:full`;
    expect(started).toMatchObject({ workflowId, coalesced: false });
    await pollUntil(
      async () => (await runRows(workflowId)).some((row) => row.entity !== null && row.fetched > 0),
      {
        description: 'a committed page of the full sync',
        timeoutMs: 60_000,
      },
    );

    const result = await cli('sync', 'cancel', '--org', orgId, '--kind', 'full', '--json');
    expect(result.code).toBe(0);
    expect(syncCancelOutput.parse(JSON.parse(result.stdout))).toEqual({
      workflowId,
      runId: started.runId,
      status: 'cancelled',
    });
    expect((await stack.client.workflow.getHandle(workflowId).describe()).status.name).toBe('CANCELLED');
    expect(await lease()).toBeUndefined();
    const rows = await runRows(workflowId);
    expect(rows.find((row) => row.entity === null)?.status).toBe('cancelled');
    expect(rows.filter((row) => row.status === 'running')).toEqual([]);
    const cancelledRun = rows.filter((row) => row.run_id === started.runId);

    // Nothing of it writes any more, and the next full sync owns the org at once.
    await stack.sandbox.admin.patchOrg('cancel-a', { faults: { rateSlow: 0 } });
    const next = await cli('sync', 'full', '--org', orgId, '--wait', '--json');
    expect(next.code).toBe(0);
    const outcome = syncOutput.parse(JSON.parse(next.stdout));
    expect(outcome.coalesced).toBe(false);
    expect(outcome.outcome?.status).toBe('succeeded');
    expect(await lease()).toBeUndefined();
    expect((await runRows(workflowId)).filter((row) => row.run_id === started.runId)).toEqual(cancelledRun);
  });

  it('stops a delta in its first slice (a local activity) the same way', async () => {
    // Runs after the full sync above completed every entity, so the delta has work to page through.
    await stack.sandbox.admin.patchOrg('cancel-a', { faults: { rateSlow: 1, slowMs: 2_000 } });
    const started = syncOutput.parse(
      JSON.parse((await cli('sync', 'delta', '--org', orgId, '--json')).stdout),
    );
    await pollUntil(async () => (await lease('delta')) !== undefined, {
      description: 'the delta to hold its lease',
      timeoutMs: 30_000,
    });
    const result = await cli('sync', 'cancel', '--org', orgId, '--kind', 'delta', '--json');
    await stack.sandbox.admin.patchOrg('cancel-a', { faults: { rateSlow: 0 } });
    expect(syncCancelOutput.parse(JSON.parse(result.stdout))).toMatchObject({ status: 'cancelled' });
    expect(await lease('delta')).toBeUndefined();
    const rows = await runRows(started.workflowId);
    expect(rows.find((row) => row.entity === null)?.status).toBe('cancelled');
    expect(rows.filter((row) => row.status === 'running')).toEqual([]);
  });
});
