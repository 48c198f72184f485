import { collect, useSandbox } from './sandbox-test-client';
import { WebhookReceiver } from './webhook-receiver';

const PERSON_ENUMS = {
  status: ['active', 'on_leave', 'terminated'],
  employment_type: ['full_time', 'part_time', 'contractor', 'intern'],
};

/** The checks of the people schema that corruption breaks (types and enums). */
function isValidPerson(record: Record<string, unknown>): boolean {
  const salary = record.salary as { amount?: unknown } | null;
  return (
    typeof record.email === 'string' &&
    PERSON_ENUMS.status.includes(record.status as string) &&
    PERSON_ENUMS.employment_type.includes(record.employment_type as string) &&
    Array.isArray(record.skills) &&
    typeof salary?.amount === 'number'
  );
}

describe('corrupt and fix', () => {
  const env = useSandbox({ orgs: [{ id: 'bad', connector: 'hr', records: 1000 }] });
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    await env.sandbox.admin.patchOrg('bad', { webhooks: { url: await receiver.start() } });
  });

  afterAll(() => receiver.stop());

  it('serves corrupted records malformed (id kept, updated_at bumped); the truth stays valid', async () => {
    const before = await env.client.listAll(env.org(), 'people', { limit: 500 });
    expect(before.records.every(isValidPerson)).toBe(true);
    const previous = new Map(before.records.map((record) => [record.id, String(record.updated_at)]));

    const { corrupted } = await env.sandbox.admin.corrupt('bad', { entity: 'people', count: 30 });
    expect(corrupted).toHaveLength(30);
    const after = await env.client.listAll(env.org(), 'people', { limit: 500 });
    const invalid = after.records.filter((record) => !isValidPerson(record));
    expect(new Set(invalid.map((record) => record.id))).toEqual(new Set(corrupted));
    for (const record of invalid) {
      expect(String(record.updated_at) > String(previous.get(record.id))).toBe(true);
      expect(typeof record.first_name).toBe('string');
    }
    const single = await env.client.json<{ data: Record<string, unknown> }>(
      `/v1/people/${corrupted[0]}`,
      env.org().token,
    );
    expect(isValidPerson(single.data)).toBe(false);

    const truth = await collect(env.sandbox.admin.truth('bad', 'people'));
    expect(truth.every(isValidPerson)).toBe(true);
    expect((await env.sandbox.admin.stats()).orgs.bad?.faults.corrupted).toBe(30);
    // A corruption is an update gone wrong: it is announced like one.
    await receiver.waitFor(30);
  });

  it('fix repairs every corrupted record with a new updated_at and a webhook each', async () => {
    receiver.reset();
    const listed = await env.client.listAll(env.org(), 'people', { limit: 500 });
    const corruptedAt = new Map(listed.records.map((record) => [record.id, String(record.updated_at)]));
    const { fixed } = await env.sandbox.admin.fix('bad');
    expect(fixed).toHaveLength(30);
    const after = await env.client.listAll(env.org(), 'people', { limit: 500 });
    expect(after.records.every(isValidPerson)).toBe(true);
    const byId = new Map(after.records.map((record) => [record.id, record]));
    for (const id of fixed) expect(String(byId.get(id)?.updated_at) > String(corruptedAt.get(id))).toBe(true);
    const webhooks = await receiver.waitFor(30);
    const announced = webhooks.map(
      (webhook) => (JSON.parse(webhook.body) as { data: { id: string } }).data.id,
    );
    expect(new Set(announced)).toEqual(new Set(fixed));
    expect((await env.sandbox.admin.fix('bad')).fixed).toEqual([]);
  });

  it('the truth equals what a clean full listing returns', async () => {
    for (const entity of ['locations', 'departments', 'people', 'time_off_requests'] as const) {
      const { records } = await env.client.listAll(env.org(), entity, { limit: 500 });
      const truth = await collect(env.sandbox.admin.truth('bad', entity));
      const sorted = [...records].sort((a, b) => String(a.id).localeCompare(String(b.id)));
      expect(sorted).toEqual(truth);
      const ids = await collect(env.sandbox.admin.truthIds('bad', entity));
      expect(ids).toEqual(sorted.map((record) => ({ id: record.id, updated_at: record.updated_at })));
    }
  });

  it('refuses entities the org does not serve', async () => {
    await expect(env.sandbox.admin.corrupt('bad', { entity: 'tickets', count: 1 })).rejects.toMatchObject({
      name: 'SandboxAdminError',
      status: 400,
    });
    await expect(
      env.sandbox.admin.truth('bad', 'comments')[Symbol.asyncIterator]().next(),
    ).rejects.toMatchObject({
      status: 404,
    });
  });
});
