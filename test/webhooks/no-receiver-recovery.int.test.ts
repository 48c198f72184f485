import type { Kysely } from 'kysely';
import type { RunningWebhookReceiver } from '../../client/webhooks';
import type { UnsafeTestSwitch } from '../../config/config';
import { createDatabase } from '../../db/connection';
import type { Database } from '../../db/database';
import { pollUntil } from '../../devstack/poll';
import { createEngineStack, type EngineStack } from '../harness/engine-stack';
import { startTestReceiver } from './receiver-test-kit';
import { eventBody, postDelivery, signDelivery } from './signed-delivery';
import { TcpProxy } from './tcp-proxy';

/**
 * The chaos suite's `no-receiver-recovery` switch breaks the receiver as issue 13's bug did: after
 * one database outage it refuses valid deliveries for good. Without the switch the same receiver
 * accepts again once the database is back. The receiver reaches PostgreSQL through a proxy the
 * test cuts and restores; nothing else sees the outage.
 */
describe('webhook receiver: the no-receiver-recovery test switch', () => {
  let stack: EngineStack;
  let orgId: string;
  let secret: string;
  const opened: { proxy: TcpProxy; db: Kysely<Database>; receiver: RunningWebhookReceiver }[] = [];

  beforeAll(async () => {
    stack = await createEngineStack({ seed: 17, orgs: [{ id: 'latch', connector: 'hr', records: 20 }] });
    const org = stack.sandbox.orgs[0]!;
    secret = org.webhookSecret;
    orgId = await stack.connect(org);
  });

  afterAll(async () => {
    for (const { proxy, db, receiver } of opened) {
      await receiver.close();
      await proxy.close();
      await db.destroy();
    }
    await stack?.teardown();
  });

  /** A receiver whose database connections go through a proxy of their own. */
  async function receiverThroughProxy(unsafeTestSwitches: UnsafeTestSwitch[]) {
    const url = new URL(stack.testDb.url);
    const proxy = await TcpProxy.start(`${url.hostname}:${url.port || '5432'}`);
    url.host = proxy.address;
    const db = createDatabase({ url: url.toString(), poolSize: 2, applicationName: 'receiver-switch-test' });
    // Rechecked on every delivery: the outage reaches the org lookup, not only the dedupe check.
    const receiver = await startTestReceiver(stack, { db, unsafeTestSwitches, orgRecheckMs: 0 });
    opened.push({ proxy, db, receiver });
    const send = async (id: string) =>
      (await postDelivery(`${receiver.url}/webhooks/${orgId}`, signDelivery(secret, eventBody('people', id))))
        .status;
    return { proxy, send };
  }

  /** Accepted, then 503 while the database is cut; then what the receiver answers once it is back. */
  async function answerAfterOutage(switches: UnsafeTestSwitch[]): Promise<number> {
    const { proxy, send } = await receiverThroughProxy(switches);
    expect(await send('per_0000001')).toBe(202);
    await proxy.close();
    expect(await send('per_0000002')).toBe(503);
    await proxy.open();
    // Bounded: a receiver that recovers accepts within a few retries; one that does not never will.
    let status = 0;
    await pollUntil(
      async () => {
        status = await send('per_0000003');
        return status === 202;
      },
      { description: 'the receiver to accept again', timeoutMs: 5_000, intervalMs: 100 },
    ).catch(() => undefined);
    return status;
  }

  it('without the switch, accepts again once the database is back', async () => {
    expect(await answerAfterOutage([])).toBe(202);
  });

  it('with no-receiver-recovery, refuses valid deliveries with 503 for good after the outage', async () => {
    expect(await answerAfterOutage(['no-receiver-recovery'])).toBe(503);
  });
});
