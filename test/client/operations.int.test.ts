import { sql } from 'kysely';
import { pollUntil } from '../../devstack/poll';
import {
  orgAddOutput,
  orgListOutput,
  quarantineListOutput,
  schedulesApplyOutput,
  schedulesListOutput,
  statusOutput,
  syncOutput,
  verifyOutput,
} from '../../client/cli/output-schemas';
import { runCli } from '../harness/cli';
import { createEngineStack, type EngineStack, type RunningWorkers } from '../harness/engine-stack';

describe('operating the fleet through the sync-engine CLI', () => {
  let stack: EngineStack;
  let workers: RunningWorkers;

  const cli = async (...args: string[]) => {
    const result = await runCli(stack, args);
    if (result.code !== 0 && result.code !== 1)
      throw new Error(`sync-engine ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
    return result;
  };
  const addOrg = async (sandboxOrgId: string) => {
    const org = stack.sandbox.orgs.find((candidate) => candidate.id === sandboxOrgId)!;
    const { stdout } = await cli(
      'org',
      'add',
      '--name',
      org.id,
      '--api-url',
      stack.sandbox.url,
      '--token',
      org.token,
      '--connector',
      org.connector,
      '--webhook-secret',
      org.webhookSecret,
      '--json',
    );
    return orgAddOutput.parse(JSON.parse(stdout));
  };
  const waitForRun = (orgId: string, kind: string) =>
    pollUntil(
      async () =>
        (await stack.testDb.db
          .selectFrom('sync_runs')
          .select('status')
          .where('org_id', '=', orgId)
          .where('kind', '=', kind as never)
          .where('entity', 'is', null)
          .where('status', '=', 'succeeded')
          .executeTakeFirst()) !== undefined,
      { description: `a succeeded ${kind} sync of ${orgId}`, timeoutMs: 60_000 },
    );

  beforeAll(async () => {
    stack = await createEngineStack({
      seed: 61,
      orgs: [
        { id: 'ops-a', connector: 'hr', records: 1_500 },
        { id: 'ops-b', connector: 'hr', records: 800 },
      ],
    });
    workers = await stack.startWorkers();
  });

  afterAll(async () => {
    await workers?.stop();
    await stack?.teardown();
  });

  it('adds an org with its schedules and initial full sync; schedules apply is idempotent; --json parses', async () => {
    const added = await addOrg('ops-a');
    expect(added.schedules.sort()).toEqual([
      `sync:${added.organization.id}:delta`,
      `sync:${added.organization.id}:reconcile`,
    ]);
    await waitForRun(added.organization.id, 'full');

    const first = schedulesApplyOutput.parse(JSON.parse((await cli('schedules', 'apply', '--json')).stdout));
    expect(first.created).toEqual([]);
    const second = schedulesApplyOutput.parse(JSON.parse((await cli('schedules', 'apply', '--json')).stdout));
    expect(second).toEqual({ created: [], updated: [], deleted: [], unchanged: first.unchanged });
    expect(second.unchanged).toEqual(expect.arrayContaining(added.schedules));

    // A changed definition (the org's reconcile hour) is updated, once.
    await stack.testDb.db
      .updateTable('organizations')
      .set({ reconcile_hour: 5 })
      .where('id', '=', added.organization.id)
      .execute();
    const third = schedulesApplyOutput.parse(JSON.parse((await cli('schedules', 'apply', '--json')).stdout));
    expect(third.updated).toEqual([`sync:${added.organization.id}:reconcile`]);

    orgListOutput.parse(JSON.parse((await cli('org', 'list', '--json')).stdout));
    schedulesListOutput.parse(JSON.parse((await cli('schedules', 'list', '--json')).stdout));
    const status = statusOutput.parse(
      JSON.parse((await cli('status', '--org', added.organization.id, '--json')).stdout),
    );
    expect(status.organizations[0]!.entities.every((entity) => entity.lastSuccess.full !== null)).toBe(true);
    quarantineListOutput.parse(
      JSON.parse((await cli('quarantine', 'list', '--org', added.organization.id, '--json')).stdout),
    );
    const verify = verifyOutput.parse(
      JSON.parse((await cli('verify', '--org', added.organization.id, '--json')).stdout),
    );
    expect(verify.drift).toBe(0);
    const delta = syncOutput.parse(
      JSON.parse((await cli('sync', 'delta', '--org', added.organization.id, '--wait', '--json')).stdout),
    );
    expect(delta.outcome?.status).toBe('succeeded');
  });

  it("verify calls a row deleted or altered behind the engine's back drift, and exits 1", async () => {
    const added = await addOrg('ops-b');
    const orgId = added.organization.id;
    await waitForRun(orgId, 'full');
    expect((await cli('verify', '--org', orgId)).code).toBe(0);
    await sql`delete from hr_people where org_id = ${orgId} and external_id = 'per_0000001'`.execute(
      stack.testDb.db,
    );
    await sql`update hr_people set source_updated_at = source_updated_at - interval '1 day'
              where org_id = ${orgId} and external_id = 'per_0000002'`.execute(stack.testDb.db);
    await sql`update hr_people set first_name = 'Mallory' where org_id = ${orgId} and external_id = 'per_0000003'`.execute(
      stack.testDb.db,
    );
    const result = await cli('verify', '--org', orgId, '--deep', '--json');
    expect(result.code).toBe(1);
    const report = verifyOutput.parse(JSON.parse(result.stdout));
    const people = report.entities.find((entity) => entity.entity === 'people')!;
    expect(people.missing).toMatchObject({ drift: 1, samples: ['per_0000001'] });
    expect(people.stale).toMatchObject({ drift: 1, samples: ['per_0000002'] });
    expect(people.different).toMatchObject({ drift: 1, samples: ['per_0000003'] });
    expect(report.drift).toBe(3);
  });

  it('never runs two deltas of one org at once: concurrent triggers are coalesced into one more run', async () => {
    const orgId = (
      await stack.testDb.db
        .selectFrom('organizations')
        .select('id')
        .where('name', '=', 'ops-a')
        .executeTakeFirstOrThrow()
    ).id;
    await stack.sandbox.admin.patchOrg('ops-a', { faults: { rateSlow: 1, slowMs: 150 } });
    await Promise.all([
      cli('sync', 'delta', '--org', orgId),
      cli('sync', 'delta', '--org', orgId),
      cli('schedules', 'trigger', '--org', orgId, '--kind', 'delta'),
      cli('schedules', 'trigger', '--org', orgId, '--kind', 'delta'),
    ]);
    await pollUntil(
      async () => {
        const running = await stack.testDb.db
          .selectFrom('sync_leases')
          .select('org_id')
          .where('org_id', '=', orgId)
          .where('kind', '=', 'delta')
          .executeTakeFirst();
        return (
          running === undefined &&
          (
            await stack.client.workflow.count(
              `OrgId = "${orgId}" AND ExecutionStatus = "Running" AND SyncKind = "delta"`,
            )
          ).count === 0
        );
      },
      { description: 'every delta of the org to end', timeoutMs: 90_000 },
    );
    await stack.sandbox.admin.patchOrg('ops-a', { faults: { rateSlow: 0 } });
    const runs = await stack.testDb.db
      .selectFrom('sync_runs')
      .select(['status', 'started_at', 'finished_at'])
      .where('org_id', '=', orgId)
      .where('kind', '=', 'delta')
      .where('entity', 'is', null)
      .orderBy('started_at')
      .execute();
    const executed = runs.filter((run) => run.status === 'succeeded');
    expect(executed.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < executed.length; i++) {
      expect(executed[i]!.started_at.getTime()).toBeGreaterThanOrEqual(
        executed[i - 1]!.finished_at!.getTime(),
      );
    }
  });

  it('removes an org: its schedules go, its rows stay unless purged', async () => {
    const orgId = (
      await stack.testDb.db
        .selectFrom('organizations')
        .select('id')
        .where('name', '=', 'ops-b')
        .executeTakeFirstOrThrow()
    ).id;
    await cli('org', 'remove', orgId);
    const schedules = schedulesListOutput.parse(
      JSON.parse((await cli('schedules', 'list', '--org', orgId, '--json')).stdout),
    );
    expect(schedules).toEqual([]);
    const rows = await sql<{
      n: number;
    }>`select count(*)::int as n from hr_people where org_id = ${orgId}`.execute(stack.testDb.db);
    expect(rows.rows[0]!.n).toBeGreaterThan(0);
    await cli('org', 'remove', orgId, '--purge');
    const purged = await sql<{
      n: number;
    }>`select count(*)::int as n from hr_people where org_id = ${orgId}`.execute(stack.testDb.db);
    expect(purged.rows[0]!.n).toBe(0);
    expect((await runCli(stack, ['org', 'remove', 'org_nope'])).code).toBe(2);
  });
});
