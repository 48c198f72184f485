import { pollUntil } from '../../devstack/poll';
import { type RunningWebhookReceiver, webhooksCommand } from '../../client/webhooks';
import { startDeliveryPruner } from '../../client/webhooks/delivery-pruner';
import { createEngineStack, type EngineStack, type RunningWorkers } from '../harness/engine-stack';
import { testStack } from '../harness/test-stack';
import {
  getPath,
  inboxRows,
  outcomeCounts,
  recordChangedSignals,
  silentLogger,
  startTestReceiver,
  updatePersonAtSource,
  waitForAllForwarded,
  waitForDelivered,
  waitForStoredPerson,
} from './receiver-test-kit';
import { eventBody, postDelivery, signDelivery } from './signed-delivery';

describe('webhook receiver: deliveries', () => {
  let stack: EngineStack;
  let workers: RunningWorkers;
  let receiver: RunningWebhookReceiver;

  beforeAll(async () => {
    stack = await createEngineStack({
      seed: 9,
      orgs: [
        { id: 'live', connector: 'hr', records: 200 },
        { id: 'dupes', connector: 'hr', records: 200 },
      ],
    });
    workers = await stack.startWorkers();
    receiver = await startTestReceiver(stack);
  });

  afterAll(async () => {
    await receiver?.close();
    await workers?.stop();
    await stack?.teardown();
  });

  it("brings a sandbox change into the org's table", async () => {
    const org = stack.sandbox.orgs[0]!;
    const orgId = await stack.connect(org);
    await stack.sandbox.admin.patchOrg(org.id, { webhooks: { url: `${receiver.url}/webhooks/${orgId}` } });
    const person = await updatePersonAtSource(stack, org.id);
    await waitForStoredPerson(stack, orgId, person);
    expect(await waitForDelivered(stack, org.id, 1)).toMatchObject({ sent: 1, attempts: 1, failed: 0 });
  });

  it('starts one sync for many copies of a delivery, even across receiver restarts', async () => {
    const org = stack.sandbox.orgs[1]!;
    const orgId = await stack.connect(org);
    const delivery = signDelivery(org.webhookSecret, eventBody('people', 'per_0000001'));
    const url = `${receiver.url}/webhooks/${orgId}`;
    const before = await outcomeCounts(receiver);

    const answers = [];
    for (let copy = 0; copy < 3; copy++) answers.push(await postDelivery(url, delivery));
    expect(answers.map(({ status, json }) => [status, json.status])).toEqual([
      [202, 'accepted'],
      [202, 'duplicate'],
      [202, 'duplicate'],
    ]);
    const after = await outcomeCounts(receiver);
    expect([after.accepted - before.accepted, after.duplicate - before.duplicate]).toEqual([1, 2]);
    await waitForAllForwarded(stack, orgId, 1);
    expect(await recordChangedSignals(stack, orgId)).toHaveLength(1);

    // A restarted receiver (here: the CLI command) still knows the delivery.
    let restarted: { status: number; json: Record<string, unknown> } | undefined;
    await withEnv(commandEnv(), () =>
      webhooksCommand({
        waitForStop: async (running) => {
          restarted = await postDelivery(`${running.url}/webhooks/${orgId}`, delivery);
        },
      }).parseAsync(['--port', '0', '--host', '127.0.0.1'], { from: 'user' }),
    );
    expect(restarted).toMatchObject({ status: 202, json: { status: 'duplicate' } });
    expect(await recordChangedSignals(stack, orgId)).toHaveLength(1);
  });

  it('forgets forwarded deliveries after the retention period, never pending ones', async () => {
    const orgId = await stack.connect(stack.sandbox.orgs[0]!);
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
    const row = (webhookId: string, receivedDaysAgo: number, forwarded: boolean) => ({
      org_id: orgId,
      webhook_id: webhookId,
      entity: 'people',
      record_id: 'per_0000002',
      received_at: daysAgo(receivedDaysAgo),
      forwarded_at: forwarded ? daysAgo(receivedDaysAgo) : null,
    });
    // Without a receiver running, whose forwarder would forward the pending row.
    await receiver.close();
    await stack.testDb.db
      .insertInto('webhook_inbox')
      .values([row('msg_old', 4, true), row('msg_recent', 2, true), row('msg_pending', 5, false)])
      .execute();
    const pruner = startDeliveryPruner(stack.testDb.db, silentLogger(), {
      everyMs: 3_600_000,
      retentionMs: 3 * 86_400_000,
    });
    try {
      const remaining = async () =>
        (await inboxRows(stack, orgId)).map((inbox) => inbox.webhookId).filter((id) => id.startsWith('msg_'));
      await pollUntil(async () => !(await remaining()).includes('msg_old'), {
        description: 'the old forwarded delivery to be pruned',
        timeoutMs: 10_000,
      });
      expect((await remaining()).sort()).toEqual(['msg_pending', 'msg_recent']);
    } finally {
      await pruner.stop();
      receiver = await startTestReceiver(stack);
    }
  });

  it('answers /healthz and /readyz when PostgreSQL answers', async () => {
    expect(await getPath(receiver, '/healthz')).toEqual({ status: 200, text: '{"ok":true}' });
    const ready = await getPath(receiver, '/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toEqual({ ok: true, checks: { database: 'ok' } });
  });

  /** The environment `sync-engine webhooks` reads, pointing at this test's servers. */
  function commandEnv(): NodeJS.ProcessEnv {
    return {
      DATABASE_URL: stack.testDb.url,
      SYNC_ENGINE_SECRET_KEY: stack.secretKey.toString('base64'),
      TEMPORAL_ADDRESS: testStack().temporalAddress,
      TASK_QUEUE: stack.taskQueue,
      LOG_LEVEL: 'silent',
    };
  }
});

/** Runs `work` with these environment variables set, restoring the previous values after. */
async function withEnv<T>(env: NodeJS.ProcessEnv, work: () => Promise<T>): Promise<T> {
  const previous = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    return await work();
  } finally {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
