import type { Kysely } from 'kysely';
import type { RunningWebhookReceiver } from '../../client/webhooks';
import type { Database } from '../../db/database';
import { pollUntil } from '../../devstack/poll';
import { createEngineStack, type EngineStack, type RunningWorkers } from '../harness/engine-stack';
import {
  databaseThroughProxy,
  getPath,
  inboxRows,
  startTestReceiver,
  waitForAllForwarded,
} from './receiver-test-kit';
import { eventBody, postDelivery, signDelivery } from './signed-delivery';
import type { TcpProxy } from './tcp-proxy';

/** How soon after PostgreSQL is back the receiver must accept again. */
const RECOVERY_BOUND_MS = 1_000;

/**
 * The receiver reaches PostgreSQL through a proxy the test cuts and restores (the test itself and
 * the workers keep a direct connection): intake needs the database, so it refuses with 503 while
 * the database is away and accepts again within a second of its return.
 */
describe('webhook receiver: PostgreSQL outages', () => {
  let stack: EngineStack;
  let workers: RunningWorkers;
  let proxy: TcpProxy;
  let receiverDb: Kysely<Database>;
  let receiver: RunningWebhookReceiver;

  beforeAll(async () => {
    stack = await createEngineStack({ seed: 14, orgs: [{ id: 'pg-outage', connector: 'hr', records: 200 }] });
    workers = await stack.startWorkers();
    ({ proxy, db: receiverDb } = await databaseThroughProxy(stack, 4));
    receiver = await startTestReceiver(stack, { db: receiverDb });
  });

  afterAll(async () => {
    await receiver?.close();
    await receiverDb?.destroy();
    await proxy?.close();
    await workers?.stop();
    await stack?.teardown();
  });

  it('answers 503 with Retry-After while PostgreSQL is cut, and accepts again within a second of its return', async () => {
    const org = stack.sandbox.orgs[0]!;
    const orgId = await stack.connect(org);
    const url = `${receiver.url}/webhooks/${orgId}`;
    const deliver = (id: string, webhookId: string) =>
      postDelivery(url, signDelivery(org.webhookSecret, eventBody('people', id), { webhookId }));
    expect(await deliver('per_0000001', 'msg_before')).toMatchObject({
      status: 202,
      json: { status: 'accepted' },
    });

    await proxy.close();
    const refused = await deliver('per_0000002', 'msg_during');
    expect(refused).toMatchObject({ status: 503, retryAfter: '5', json: { error: { code: 'unavailable' } } });
    expect((await getPath(receiver, '/readyz')).status).toBe(503);

    await proxy.open();
    const reopenedAt = Date.now();
    // The sender's retry of the refused delivery: accepted (it was never stored), within the bound.
    const accepted = await pollUntil(
      async () => {
        const answer = await deliver('per_0000002', 'msg_during');
        return answer.status === 202 && answer;
      },
      {
        description: 'the receiver to accept again after PostgreSQL returned',
        timeoutMs: RECOVERY_BOUND_MS,
        intervalMs: 20,
      },
    );
    expect(Date.now() - reopenedAt).toBeLessThanOrEqual(RECOVERY_BOUND_MS);
    expect(accepted.json).toEqual({ status: 'accepted' });
    expect((await getPath(receiver, '/readyz')).status).toBe(200);

    await waitForAllForwarded(stack, orgId, 2);
    expect((await inboxRows(stack, orgId)).map((row) => row.webhookId)).toEqual(['msg_before', 'msg_during']);
  });
});
