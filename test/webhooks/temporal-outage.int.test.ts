import type { RunningWebhookReceiver } from '../../client/webhooks';
import { pollUntil } from '../../devstack/poll';
import { createEngineStack, type EngineStack, type RunningWorkers } from '../harness/engine-stack';
import { testStack } from '../harness/test-stack';
import {
  getPath,
  outcomeCounts,
  recordSyncExists,
  startTestReceiver,
  updatePersonAtSource,
  waitForDelivered,
  waitForStoredPerson,
} from './receiver-test-kit';
import { TcpProxy } from './tcp-proxy';

/**
 * The receiver reaches Temporal through a proxy the test cuts and restores; the workers keep
 * their direct connection, so only the receiver sees the outage.
 */
describe('webhook receiver: Temporal outages', () => {
  let stack: EngineStack;
  let workers: RunningWorkers;
  let proxy: TcpProxy;
  let receiver: RunningWebhookReceiver;

  const readiness = async () => {
    const { status, text } = await getPath(receiver, '/readyz');
    return { status, ...(JSON.parse(text) as { checks: Record<string, string> }) };
  };

  beforeAll(async () => {
    stack = await createEngineStack({ seed: 13, orgs: [{ id: 'outage', connector: 'hr', records: 200 }] });
    workers = await stack.startWorkers();
    proxy = await TcpProxy.start(testStack().temporalAddress);
  });

  afterAll(async () => {
    await receiver?.close();
    await proxy?.close();
    await workers?.stop();
    await stack?.teardown();
  });

  it('starts and serves while Temporal is down, and is ready once it is back', async () => {
    await proxy.close();
    receiver = await startTestReceiver(stack, {
      temporal: { address: proxy.address, namespace: stack.env.namespace ?? 'default' },
    });
    expect((await getPath(receiver, '/healthz')).status).toBe(200);
    expect(await readiness()).toEqual({
      status: 503,
      ok: false,
      checks: { database: 'ok', temporal: 'unavailable' },
    });

    await proxy.open();
    await pollUntil(async () => (await readiness()).status === 200, {
      description: '/readyz to answer 200 once Temporal is reachable',
      timeoutMs: 15_000,
    });
  });

  it("answers 503 while Temporal is unreachable, and the sender's retry lands once it is back", async () => {
    const org = stack.sandbox.orgs[0]!;
    const orgId = await stack.connect(org);
    await stack.sandbox.admin.patchOrg(org.id, { webhooks: { url: `${receiver.url}/webhooks/${orgId}` } });
    const before = await outcomeCounts(receiver);

    await proxy.close();
    const person = await updatePersonAtSource(stack, org.id);
    await pollUntil(async () => (await outcomeCounts(receiver)).unavailable > before.unavailable, {
      description: 'the receiver to answer a delivery with 503',
      timeoutMs: 15_000,
      intervalMs: 50,
    });
    expect(await recordSyncExists(stack, orgId)).toBe(false);
    expect((await stack.sandbox.admin.stats()).orgs[org.id]?.webhooks).toMatchObject({ delivered: 0 });

    await proxy.open();
    await waitForStoredPerson(stack, orgId, person);
    const after = await outcomeCounts(receiver);
    expect(after.accepted - before.accepted).toBe(1);
    expect(await waitForDelivered(stack, org.id, 1)).toMatchObject({ sent: 1, failed: 0 });
  });
});
