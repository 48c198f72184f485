import { Webhook } from 'standardwebhooks';
import { type OrgCredentials, type RunningSandbox, startSandbox } from '../../sandbox/index';
import { pollUntil } from '../../devstack/poll';
import { headersOf, WebhookReceiver } from './webhook-receiver';

describe('outgoing webhooks', () => {
  let sandbox: RunningSandbox;
  let org: OrgCredentials;
  const receiver = new WebhookReceiver();
  let receiverUrl: string;

  beforeAll(async () => {
    sandbox = await startSandbox({
      orgs: [{ id: 'hooks', connector: 'ticketing', records: 500 }],
      webhookDelivery: { baseBackoffMs: 5, maxBackoffMs: 20, maxAttempts: 4, concurrency: 4 },
    });
    org = sandbox.orgs[0] as OrgCredentials;
    receiverUrl = await receiver.start();
    await sandbox.admin.patchOrg('hooks', { webhooks: { url: receiverUrl } });
  });

  beforeEach(async () => {
    receiver.reset();
    await sandbox.admin.patchOrg('hooks', {
      webhooks: { duplicateRate: 0, reorder: false, delayMs: 0, maxDelayMs: 0, retry: null },
    });
  });

  afterAll(async () => {
    await sandbox.stop();
    await receiver.stop();
  });

  it('announces creates and updates, never deletes, with the documented body', async () => {
    const result = await sandbox.admin.mutate('hooks', {
      entity: 'tickets',
      creates: 2,
      updates: 3,
      deletes: 4,
    });
    const received = await receiver.waitFor(5);
    const bodies = received.map((webhook) => JSON.parse(webhook.body) as Record<string, unknown>);
    expect(bodies).toHaveLength(5);
    const byId = new Map(bodies.map((body) => [(body.data as { id: string }).id, body]));
    for (const id of result.created) expect(byId.get(id)).toMatchObject({ type: 'tickets.created' });
    for (const id of result.updated) expect(byId.get(id)).toMatchObject({ type: 'tickets.updated' });
    for (const id of result.deleted) expect(byId.has(id)).toBe(false);
    for (const body of bodies) {
      expect(body).toEqual({
        type: expect.stringMatching(/^tickets\.(created|updated)$/),
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        data: { entity: 'tickets', id: expect.any(String), updated_at: expect.any(String) },
      });
    }
  });

  it('signs per Standard Webhooks: verifies, and fails once body, timestamp or secret change', async () => {
    await sandbox.admin.mutate('hooks', { entity: 'projects', updates: 1 });
    const [webhook] = await receiver.waitFor(1);
    if (!webhook) throw new Error('no webhook');
    const headers = headersOf(webhook);
    expect(new Webhook(org.webhookSecret).verify(webhook.body, headers)).toEqual(JSON.parse(webhook.body));
    expect(() =>
      new Webhook(org.webhookSecret).verify(webhook.body.replace('projects', 'tickets'), headers),
    ).toThrow();
    const timestamp = String(Number(headers['webhook-timestamp']) - 1);
    expect(() =>
      new Webhook(org.webhookSecret).verify(webhook.body, { ...headers, 'webhook-timestamp': timestamp }),
    ).toThrow();
    const otherSecret = `whsec_${Buffer.from('another secret of 24 byte').toString('base64')}`;
    expect(() => new Webhook(otherSecret).verify(webhook.body, headers)).toThrow();
  });

  it('retries a delivery that gets no 2xx, with the same webhook-id', async () => {
    receiver.status = (_webhook, index) => (index < 2 ? 503 : 200);
    const before = (await sandbox.admin.stats()).orgs.hooks?.webhooks;
    await sandbox.admin.mutate('hooks', { entity: 'comments', updates: 1 });
    const received = await receiver.waitFor(3);
    expect(new Set(received.map((webhook) => webhook.headers['webhook-id'])).size).toBe(1);
    const after = (await sandbox.admin.stats()).orgs.hooks?.webhooks;
    expect((after?.attempts ?? 0) - (before?.attempts ?? 0)).toBe(3);
    expect((after?.delivered ?? 0) - (before?.delivered ?? 0)).toBe(1);
  });

  it('gives up after the last attempt and counts the failure', async () => {
    receiver.status = () => 500;
    const before = (await sandbox.admin.stats()).orgs.hooks?.webhooks.failed ?? 0;
    await sandbox.admin.mutate('hooks', { entity: 'comments', updates: 1 });
    await receiver.waitFor(4);
    for (
      let i = 0;
      i < 200 && ((await sandbox.admin.stats()).orgs.hooks?.webhooks.failed ?? 0) === before;
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((await sandbox.admin.stats()).orgs.hooks?.webhooks.failed).toBe(before + 1);
    expect(receiver.received).toHaveLength(4);
  });

  it("retries as the org's own budget says, counting refused attempts by status and the refusal window", async () => {
    const summary = await sandbox.admin.patchOrg('hooks', {
      webhooks: { retry: { maxAttempts: 2, baseBackoffMs: 5, maxBackoffMs: 5 } },
    });
    expect(summary.webhooks.retry).toEqual({ maxAttempts: 2, baseBackoffMs: 5, maxBackoffMs: 5 });
    const stats = async () => (await sandbox.admin.stats()).orgs.hooks!.webhooks;
    const before = await stats();
    receiver.status = () => 503;
    await sandbox.admin.mutate('hooks', { entity: 'comments', updates: 1 });
    await pollUntil(async () => (await stats()).failed > before.failed, {
      description: 'the sender to give up',
      timeoutMs: 5_000,
    });
    const refusing = await stats();
    expect(receiver.received).toHaveLength(2);
    expect(refusing.refusals.byReason['503']).toBe((before.refusals.byReason['503'] ?? 0) + 2);
    expect(refusing.refusals.openSince).not.toBeNull();
    expect(refusing.refusals.longest).toMatchObject({ from: refusing.refusals.openSince, to: null });

    receiver.status = () => 204;
    await sandbox.admin.mutate('hooks', { entity: 'comments', updates: 1 });
    await pollUntil(async () => (await stats()).delivered > before.delivered, {
      description: 'the next delivery',
      timeoutMs: 5_000,
    });
    const { refusals } = await stats();
    expect(refusals.openSince).toBeNull();
    expect(refusals.longest?.to).not.toBeNull();
    expect(refusals.longest!.ms).toBeGreaterThanOrEqual(0);
    expect((await sandbox.admin.stats()).totals.webhooks.refusals.byReason['503']).toBe(
      refusals.byReason['503'],
    );
  });

  it('counts an attempt that reaches no receiver as a network refusal', async () => {
    const before = (await sandbox.admin.stats()).orgs.hooks!.webhooks;
    await sandbox.admin.patchOrg('hooks', {
      webhooks: {
        url: 'http://127.0.0.1:9/hooks',
        retry: { maxAttempts: 1, baseBackoffMs: 0, maxBackoffMs: 0 },
      },
    });
    try {
      await sandbox.admin.mutate('hooks', { entity: 'comments', updates: 1 });
      await pollUntil(
        async () =>
          ((await sandbox.admin.stats()).orgs.hooks!.webhooks.refusals.byReason.network ?? 0) >
          (before.refusals.byReason.network ?? 0),
        { description: 'a network refusal', timeoutMs: 5_000 },
      );
    } finally {
      await sandbox.admin.patchOrg('hooks', { webhooks: { url: receiverUrl } });
    }
  });

  it('refuses a retry budget that is not one', async () => {
    const retry = { maxAttempts: 6, baseBackoffMs: 5_000, maxBackoffMs: 80_000 };
    await expect(
      sandbox.admin.patchOrg('hooks', { webhooks: { retry: { ...retry, maxAttempts: 0 } } }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining('webhooks.retry.maxAttempts') });
    await expect(
      sandbox.admin.patchOrg('hooks', { webhooks: { retry: { ...retry, maxBackoffMs: 1_000 } } }),
    ).rejects.toThrow('maxBackoffMs must be at least baseBackoffMs');
    await expect(
      sandbox.admin.patchOrg('hooks', { webhooks: { retry: { maxAttempts: 3 } as never } }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('duplicates deliveries with the same webhook-id at duplicateRate', async () => {
    await sandbox.admin.patchOrg('hooks', { webhooks: { duplicateRate: 1 } });
    await sandbox.admin.mutate('hooks', { entity: 'tickets', updates: 3 });
    const received = await receiver.waitFor(6);
    const counts = new Map<string, number>();
    for (const webhook of received) {
      const id = String(webhook.headers['webhook-id']);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect([...counts.values()]).toEqual([2, 2, 2]);
    expect((await sandbox.admin.stats()).orgs.hooks?.webhooks.duplicated).toBeGreaterThanOrEqual(3);
  });

  it('reorders deliveries when asked', async () => {
    await sandbox.admin.patchOrg('hooks', { webhooks: { reorder: true } });
    const { updated } = await sandbox.admin.mutate('hooks', { entity: 'comments', updates: 40 });
    const received = await receiver.waitFor(40);
    const order = received.map((webhook) => (JSON.parse(webhook.body) as { data: { id: string } }).data.id);
    expect(new Set(order)).toEqual(new Set(updated));
    expect(order).not.toEqual(updated);
  });

  it('delays deliveries by delayMs', async () => {
    await sandbox.admin.patchOrg('hooks', { webhooks: { delayMs: 200, maxDelayMs: 250 } });
    const started = performance.now();
    await sandbox.admin.mutate('hooks', { entity: 'tickets', updates: 1 });
    await receiver.waitFor(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });
});

describe('webhook queue bound', () => {
  it('drops the oldest deliveries past the bound and counts them', async () => {
    const sandbox = await startSandbox({
      orgs: [{ connector: 'hr', records: 2000 }],
      webhookDelivery: { maxQueue: 10, concurrency: 1 },
    });
    const receiver = new WebhookReceiver();
    const url = await receiver.start();
    try {
      await sandbox.admin.patchOrg('org1', { webhooks: { url, delayMs: 60_000 } });
      await sandbox.admin.mutate('org1', { updates: 50 });
      const webhooks = (await sandbox.admin.stats()).orgs.org1?.webhooks;
      expect(webhooks).toMatchObject({ sent: 50, dropped: 40, attempts: 0 });
    } finally {
      await sandbox.stop();
      await receiver.stop();
    }
  });
});
