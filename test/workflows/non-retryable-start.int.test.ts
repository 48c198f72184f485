import { WorkflowFailedError } from '@temporalio/client';
import { fullSyncWorkflow } from '../../workflows';
import { syncWorkflowId } from '../../workflows/shared/workflow-ids';
import { createEngineStack, type EngineStack, type RunningWorkers } from '../harness/engine-stack';

/**
 * What the CLI refuses can still reach a workflow (an older client, a hand-made start): an error
 * that retrying cannot fix must end the run at once, not hold the org's workflow id for two hours.
 */
describe('a sync that cannot start fails at once', () => {
  let stack: EngineStack;
  let workers: RunningWorkers;

  beforeAll(async () => {
    stack = await createEngineStack({ seed: 1214, orgs: [{ connector: 'hr', records: 10 }] });
    workers = await stack.startWorkers();
  });

  afterAll(async () => {
    await workers?.stop();
    await stack?.teardown();
  });

  const failureOf = async (orgId: string, entities?: string[]) => {
    const handle = await stack.client.workflow.start(fullSyncWorkflow, {
      taskQueue: stack.taskQueue,
      workflowId: syncWorkflowId(orgId, 'full'),
      args: [{ orgId, ...(entities ? { entities } : {}) }],
    });
    const err = (await handle.result().catch((e: unknown) => e)) as WorkflowFailedError;
    expect(err).toBeInstanceOf(WorkflowFailedError);
    // A local activity's failure arrives as the ApplicationFailure itself, a regular one wrapped.
    const cause = (err.cause?.cause ?? err.cause) as { type?: string; nonRetryable?: boolean };
    return { type: cause.type, nonRetryable: cause.nonRetryable };
  };

  it('an entity the connector lacks: UnknownEntityError, non-retryable, and no lease left', async () => {
    const orgId = await stack.connect(stack.sandbox.orgs[0]!);
    expect(await failureOf(orgId, ['nonsense'])).toEqual({ type: 'UnknownEntityError', nonRetryable: true });
    const leases = await stack.testDb.db
      .selectFrom('sync_leases')
      .selectAll()
      .where('org_id', '=', orgId)
      .execute();
    expect(leases).toEqual([]);
  });

  it('an org that does not exist, or was removed: non-retryable', async () => {
    expect(await failureOf('org_missing')).toEqual({ type: 'OrganizationNotFound', nonRetryable: true });
    const orgId = await stack.connect(stack.sandbox.orgs[0]!);
    await stack.testDb.db
      .updateTable('organizations')
      .set({ removed_at: new Date() })
      .where('id', '=', orgId)
      .execute();
    expect(await failureOf(orgId)).toEqual({ type: 'OrganizationRemoved', nonRetryable: true });
  });
});
