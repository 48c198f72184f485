import type { RunningWebhookReceiver } from '../../client/webhooks';
import { pollUntil } from '../../devstack/poll';
import { createEngineStack, type EngineStack, type RunningWorkers } from '../harness/engine-stack';
import { testStack } from '../harness/test-stack';
import {
  getPath,
  inboxRows,
  recordSyncExists,
  waitForSignalledRecordIds,
  startTestReceiver,
  updatePersonAtSource,
  waitForAllForwarded,
  waitForDelivered,
  waitForStoredPerson,
} from './receiver-test-kit';
import { eventBody, postDelivery, signDelivery } from './signed-delivery';
import { TcpProxy } from './tcp-proxy';

/**
 * The receiver reaches Temporal through a proxy the test cuts and restores; the workers keep
 * their direct connection, so only the receiver sees the outage. Intake goes on regardless: the
 * inbox holds what was accepted until Temporal is back.
 */
describe('webhook receiver: Temporal outages', () => {
  let stack: EngineStack;
  let workers: RunningWorkers;
  let proxy: TcpProxy;
  let receiver: RunningWebhookReceiver;

  const viaProxy = () => ({
    temporal: { address: proxy.address, namespace: stack.env.namespace ?? 'default' },
  });
  const recordIds = (from: number, count: number) =>
    Array.from({ length: count }, (_, index) => `per_${String(from + index).padStart(7, '0')}`);

  /** Posts one signed delivery per record id, one after the other; returns the answers' statuses. */
  const postInOrder = async (
    receivers: readonly RunningWebhookReceiver[],
    orgId: string,
    secret: string,
    ids: string[],
  ) => {
    const answers = [];
    for (const [index, id] of ids.entries()) {
      const target = receivers[index % receivers.length]!;
      const answer = await postDelivery(
        `${target.url}/webhooks/${orgId}`,
        signDelivery(secret, eventBody('people', id)),
      );
      answers.push([answer.status, answer.json.status]);
    }
    return answers;
  };

  beforeAll(async () => {
    stack = await createEngineStack({
      seed: 13,
      orgs: [
        { id: 'outage', connector: 'hr', records: 200 },
        { id: 'restart', connector: 'hr', records: 200 },
        { id: 'replicas', connector: 'hr', records: 200 },
      ],
    });
    workers = await stack.startWorkers();
    proxy = await TcpProxy.start(testStack().temporalAddress);
  });

  afterAll(async () => {
    await receiver?.close();
    await proxy?.close();
    await workers?.stop();
    await stack?.teardown();
  });

  it('starts and is ready while Temporal is down: readiness is PostgreSQL only', async () => {
    await proxy.close();
    receiver = await startTestReceiver(stack, viaProxy());
    expect((await getPath(receiver, '/healthz')).status).toBe(200);
    const ready = await getPath(receiver, '/readyz');
    expect([ready.status, JSON.parse(ready.text)]).toEqual([200, { ok: true, checks: { database: 'ok' } }]);
  });

  it('accepts while Temporal is unreachable, then forwards every accepted delivery in order', async () => {
    const org = stack.sandbox.orgs[0]!;
    const orgId = await stack.connect(org);
    await stack.sandbox.admin.patchOrg(org.id, { webhooks: { url: `${receiver.url}/webhooks/${orgId}` } });

    const ids = recordIds(10, 6);
    expect(await postInOrder([receiver], orgId, org.webhookSecret, ids)).toEqual(
      ids.map(() => [202, 'accepted']),
    );
    const person = await updatePersonAtSource(stack, org.id);
    // The sandbox's delivery is accepted at its first attempt, Temporal or not.
    expect(await waitForDelivered(stack, org.id, 1)).toMatchObject({ sent: 1, attempts: 1, failed: 0 });
    expect(await recordSyncExists(stack, orgId)).toBe(false);
    expect((await inboxRows(stack, orgId)).map((row) => row.forwarded)).toEqual(Array(7).fill(false));
    await pollUntil(
      async () => /^sync_engine_webhook_inbox_pending 7$/m.test((await getPath(receiver, '/metrics')).text),
      {
        description: 'the inbox backlog metric to show 7 pending deliveries',
        timeoutMs: 5_000,
      },
    );

    await proxy.open();
    await waitForAllForwarded(stack, orgId, 7);
    expect(await waitForSignalledRecordIds(stack, orgId, 7)).toEqual([...ids, person.id]);
    await waitForStoredPerson(stack, orgId, person);
  });

  it('a receiver that stopped with a backlog leaves it to the next one, which forwards it', async () => {
    const org = stack.sandbox.orgs[1]!;
    const orgId = await stack.connect(org);
    await proxy.close();
    const ids = recordIds(20, 4);
    expect(await postInOrder([receiver], orgId, org.webhookSecret, ids)).toEqual(
      ids.map(() => [202, 'accepted']),
    );
    await receiver.close();
    expect((await inboxRows(stack, orgId)).every((row) => !row.forwarded)).toBe(true);

    await proxy.open();
    receiver = await startTestReceiver(stack, viaProxy());
    await waitForAllForwarded(stack, orgId, ids.length);
    expect(await waitForSignalledRecordIds(stack, orgId, ids.length)).toEqual(ids);
  });

  it('two receivers on one database forward one org in acceptance order, each delivery once', async () => {
    const org = stack.sandbox.orgs[2]!;
    const orgId = await stack.connect(org);
    const second = await startTestReceiver(stack, viaProxy());
    try {
      // A backlog first, so both forwarders find the same org's rows at once when Temporal returns.
      await proxy.close();
      const backlog = recordIds(30, 10);
      await postInOrder([receiver, second], orgId, org.webhookSecret, backlog);
      await proxy.open();
      // And deliveries arriving while the backlog drains, alternating between the replicas.
      const live = recordIds(40, 10);
      await postInOrder([second, receiver], orgId, org.webhookSecret, live);
      await waitForAllForwarded(stack, orgId, backlog.length + live.length);
      expect(await waitForSignalledRecordIds(stack, orgId, backlog.length + live.length)).toEqual([
        ...backlog,
        ...live,
      ]);
    } finally {
      await second.close();
    }
  });
});
