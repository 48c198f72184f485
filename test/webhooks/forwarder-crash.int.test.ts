import type { Kysely } from 'kysely';
import type { RunningWebhookReceiver } from '../../client/webhooks';
import { InboxForwarder } from '../../client/webhooks/inbox-forwarder';
import { TemporalSignaller } from '../../client/webhooks/temporal-signaller';
import type { Database } from '../../db/database';
import { pollUntil } from '../../devstack/poll';
import type { RecordRef } from '../../workflows/shared/messages';
import { createEngineStack, type EngineStack, type RunningWorkers } from '../harness/engine-stack';
import { testStack } from '../harness/test-stack';
import {
  inboxRows,
  silentLogger,
  startTestReceiver,
  waitForAllForwarded,
  waitForSignalledRecordIds,
  databaseThroughProxy,
} from './receiver-test-kit';
import { eventBody, postDelivery, signDelivery } from './signed-delivery';
import type { TcpProxy } from './tcp-proxy';

/**
 * A forwarder that dies between a signal and its mark (its database connection is cut mid-turn,
 * as when its process is killed): the turn's marks roll back, and the next receiver on the same
 * database sends those rows again and the rest after them, in order. At-least-once, never lost.
 */
describe('webhook inbox: a forwarder crash', () => {
  let stack: EngineStack;
  let workers: RunningWorkers;
  let proxy: TcpProxy;
  let crashingDb: Kysely<Database>;
  let receiver: RunningWebhookReceiver | undefined;

  beforeAll(async () => {
    stack = await createEngineStack({ seed: 15, orgs: [{ id: 'crash', connector: 'hr', records: 200 }] });
    workers = await stack.startWorkers();
    ({ proxy, db: crashingDb } = await databaseThroughProxy(stack, 2));
  });

  afterAll(async () => {
    await receiver?.close();
    await crashingDb?.destroy();
    await proxy?.close();
    await workers?.stop();
    await stack?.teardown();
  });

  it('re-sends what the crashed turn signalled and forwards the rest, in order', async () => {
    const org = stack.sandbox.orgs[0]!;
    const orgId = await stack.connect(org);
    const ids = ['per_0000001', 'per_0000002', 'per_0000003', 'per_0000004'];
    // Accepted by a receiver that is gone before it forwards anything (Temporal unreachable to it).
    const intake = await startTestReceiver(stack, {
      temporal: { address: '127.0.0.1:1', namespace: 'default' },
    });
    try {
      for (const id of ids) {
        const answer = await postDelivery(
          `${intake.url}/webhooks/${orgId}`,
          signDelivery(org.webhookSecret, eventBody('people', id)),
        );
        expect(answer.json).toEqual({ status: 'accepted' });
      }
    } finally {
      await intake.close();
    }

    const temporal = new TemporalSignaller(
      { address: testStack().temporalAddress, namespace: stack.env.namespace ?? 'default' },
      stack.taskQueue,
      2_000,
    );
    let signalled = 0;
    const crashAfterTwo = {
      async signalRecordChanged(orgIdToSignal: string, ref: RecordRef) {
        if (signalled === 2) {
          await proxy.close(); // the forwarder's process "dies": its transaction is gone
          throw new Error('crashed');
        }
        await temporal.signalRecordChanged(orgIdToSignal, ref);
        signalled++;
      },
    };
    const crashing = new InboxForwarder(crashingDb, crashAfterTwo, silentLogger(), { sweepEveryMs: 60_000 });
    crashing.wake(orgId);
    await pollUntil(() => signalled === 2 && proxy.connections > 0, {
      description: 'the crashing forwarder to signal two rows',
      timeoutMs: 10_000,
    });
    await crashing.stop();
    await temporal.close();
    expect((await inboxRows(stack, orgId)).map((row) => row.forwarded)).toEqual([false, false, false, false]);

    receiver = await startTestReceiver(stack);
    await waitForAllForwarded(stack, orgId, ids.length);
    expect(await waitForSignalledRecordIds(stack, orgId, 2 + ids.length)).toEqual([
      ...ids.slice(0, 2),
      ...ids,
    ]);
  });
});
