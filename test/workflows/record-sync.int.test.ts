import { withEntityTables } from '../harness/entity-tables';
import { sql } from 'kysely';
import { pollUntil } from '../../devstack/poll';
import { recordSyncWorkflow } from '../../workflows';
import { progressQuery, recordChangedSignal, type RecordRef } from '../../workflows/shared/messages';
import { recordSyncWorkflowId } from '../../workflows/shared/workflow-ids';
import { createEngineStack, type EngineStack, type RunningWorkers } from '../harness/engine-stack';
import { runSync } from '../harness/run-sync';

describe('single-record (webhook) sync', () => {
  let stack: EngineStack;
  let workers: RunningWorkers;

  const signal = (orgId: string, ref: RecordRef) =>
    stack.client.workflow.signalWithStart(recordSyncWorkflow, {
      taskQueue: stack.taskQueue,
      workflowId: recordSyncWorkflowId(orgId),
      args: [{ orgId }],
      signal: recordChangedSignal,
      signalArgs: [ref],
    });

  const person = (orgId: string, id: string) =>
    withEntityTables(stack.testDb.db)
      .selectFrom('hr_people')
      .select(['first_name', 'source_updated_at', 'deleted_at'])
      .where('org_id', '=', orgId)
      .where('external_id', '=', id)
      .executeTakeFirst();

  beforeAll(async () => {
    stack = await createEngineStack({
      seed: 21,
      orgs: [
        { id: 'synced', connector: 'hr', records: 1_000 },
        { id: 'empty-db', connector: 'hr', records: 1_000 },
      ],
    });
    workers = await stack.startWorkers();
  });

  afterAll(async () => {
    await workers?.stop();
    await stack?.teardown();
  });

  it('never regresses a row to an older version, and soft-deletes a record the API no longer has', async () => {
    const orgId = await stack.connect(stack.sandbox.orgs[0]!);
    expect((await runSync(stack, 'full', { orgId })).status).toBe('succeeded');
    // The row holds a newer version than the API will return (a late, out-of-order event).
    const future = new Date(Date.now() + 86_400_000);
    await sql`update hr_people set first_name = 'Newer', source_updated_at = ${future}
              where org_id = ${orgId} and external_id = 'per_0000001'`.execute(stack.testDb.db);
    const handle = await signal(orgId, { entity: 'people', id: 'per_0000001' });
    await pollUntil(async () => (await handle.query(progressQuery)).entities.people?.unchanged === 1, {
      description: 'the record sync to process the event',
      timeoutMs: 30_000,
    });
    expect(await person(orgId, 'per_0000001')).toMatchObject({
      first_name: 'Newer',
      source_updated_at: future,
    });

    await stack.sandbox.admin.mutate('synced', { entity: 'people', deleteIds: ['per_0000002'] });
    await signal(orgId, { entity: 'people', id: 'per_0000002' });
    await pollUntil(async () => (await person(orgId, 'per_0000002'))?.deleted_at instanceof Date, {
      description: 'the 404 to soft-delete the row',
      timeoutMs: 30_000,
    });
  });

  it('stores a record whose referenced rows are not there yet, and takes a newer version', async () => {
    const orgId = await stack.connect(stack.sandbox.orgs[1]!);
    // No full sync: the request's person and approver are not in the database.
    await signal(orgId, { entity: 'time_off_requests', id: 'tor_0000001' });
    await pollUntil(
      async () =>
        (await withEntityTables(stack.testDb.db)
          .selectFrom('hr_time_off_requests')
          .select('person_id')
          .where('org_id', '=', orgId)
          .where('external_id', '=', 'tor_0000001')
          .executeTakeFirst()) !== undefined,
      { description: 'the time-off request to be stored', timeoutMs: 30_000 },
    );
    const { updated } = await stack.sandbox.admin.mutate('empty-db', { entity: 'people', updates: 1 });
    await signal(orgId, { entity: 'people', id: updated[0]! });
    await pollUntil(async () => (await person(orgId, updated[0]!)) !== undefined, {
      description: 'the updated person to be stored',
      timeoutMs: 30_000,
    });
  });
});
