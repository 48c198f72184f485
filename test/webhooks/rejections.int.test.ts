import { Writable } from 'node:stream';
import pino from 'pino';
import type { RunningWebhookReceiver } from '../../client/webhooks';
import { createOrganization } from '../../db/repositories/organizations.repository';
import { createEngineStack, type EngineStack } from '../harness/engine-stack';
import { eventBody, postDelivery, signDelivery, type SignedDelivery } from './signed-delivery';
import {
  outcomeCounts,
  recordSyncExists,
  startTestReceiver,
  TEST_MAX_BODY_BYTES,
  TEST_TOLERANCE_SECONDS,
} from './receiver-test-kit';

interface RefusalCase {
  readonly name: string;
  readonly status: number;
  readonly code: string;
  readonly message: RegExp;
  readonly delivery: () => SignedDelivery;
}

describe('webhook receiver: what it refuses', () => {
  let stack: EngineStack;
  let receiver: RunningWebhookReceiver;
  let orgId: string;
  let secret: string;
  const logLines: string[] = [];
  const sentSignatures: string[] = [];

  const secondsFromNow = (seconds: number) => new Date(Date.now() + seconds * 1000);
  const signed = (body: string, options?: { at?: Date }) => signDelivery(secret, body, options);
  const person = eventBody('people', 'per_0000001');
  const send = (delivery: SignedDelivery, to = orgId) => {
    sentSignatures.push(delivery.headers['webhook-signature'] ?? '');
    return postDelivery(`${receiver.url}/webhooks/${to}`, delivery);
  };

  beforeAll(async () => {
    stack = await createEngineStack({ seed: 5, orgs: [{ id: 'hooks', connector: 'hr', records: 20 }] });
    const org = stack.sandbox.orgs[0]!;
    secret = org.webhookSecret;
    orgId = await stack.connect(org);
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    receiver = await startTestReceiver(stack, { logger: pino({ level: 'info' }, sink) });
  });

  afterAll(async () => {
    await receiver?.close();
    await stack?.teardown();
  });

  const refusals: RefusalCase[] = [
    {
      name: 'a forged signature',
      status: 401,
      code: 'bad_signature',
      message: /no webhook-signature matches/,
      delivery: () => signDelivery(`whsec_${Buffer.from('not the secret').toString('base64')}`, person),
    },
    {
      name: 'no signature headers',
      status: 401,
      code: 'bad_signature',
      message: /headers are required/,
      delivery: () => ({ headers: { 'content-type': 'application/json' }, body: person }),
    },
    {
      name: 'a body changed after signing',
      status: 401,
      code: 'bad_signature',
      message: /matches the body/,
      delivery: () => ({ ...signed(person), body: eventBody('people', 'per_0000002') }),
    },
    {
      name: 'a stale timestamp',
      status: 401,
      code: 'stale_timestamp',
      message: /in the past/,
      delivery: () => signed(person, { at: secondsFromNow(-TEST_TOLERANCE_SECONDS - 60) }),
    },
    {
      name: 'a future timestamp',
      status: 401,
      code: 'stale_timestamp',
      message: /in the future/,
      delivery: () => signed(person, { at: secondsFromNow(TEST_TOLERANCE_SECONDS + 60) }),
    },
    {
      name: 'an oversized body',
      status: 413,
      code: 'body_too_large',
      message: /larger than 2048 bytes/,
      delivery: () => signed(JSON.stringify({ pad: 'x'.repeat(TEST_MAX_BODY_BYTES) })),
    },
    {
      name: 'malformed JSON',
      status: 400,
      code: 'malformed_event',
      message: /^body is not valid JSON$/,
      delivery: () => signed('{"type": "people.updated", '),
    },
    {
      name: 'a body without a content type (read raw all the same)',
      status: 400,
      code: 'malformed_event',
      message: /^body is not valid JSON$/,
      delivery: () => {
        const { 'content-type': _type, ...headers } = signed('people.updated per_0000001').headers;
        return { headers, body: 'people.updated per_0000001' };
      },
    },
    {
      name: 'an unknown event type',
      status: 400,
      code: 'malformed_event',
      message: /^type: must be/,
      delivery: () => signed(eventBody('people', 'per_0000001', 'people.deleted')),
    },
    {
      name: 'an entity of another connector',
      status: 400,
      code: 'malformed_event',
      message: /^data\.entity: must be one of locations, departments, people, time_off_requests$/,
      delivery: () => signed(eventBody('tickets', 'tkt_0000001')),
    },
    {
      name: 'a type naming another entity than its data',
      status: 400,
      code: 'malformed_event',
      message: /^type: its entity differs/,
      delivery: () =>
        signed(
          JSON.stringify({ type: 'departments.updated', data: { entity: 'people', id: 'per_0000001' } }),
        ),
    },
    {
      name: 'a record id that is not a string',
      status: 400,
      code: 'malformed_event',
      message: /^data\.id: .*expected string/,
      delivery: () =>
        signed(JSON.stringify({ type: 'people.updated', data: { entity: 'people', id: 4242 } })),
    },
  ];

  it.each(refusals)('answers $name with $status $code and starts nothing', async (refusal) => {
    const answer = await send(refusal.delivery());
    expect(answer).toMatchObject({
      status: refusal.status,
      json: { error: { code: refusal.code, message: expect.stringMatching(refusal.message) } },
    });
    expect(await recordSyncExists(stack, orgId)).toBe(false);
  });

  it('never echoes record values in its answers', async () => {
    const body = JSON.stringify({
      type: 'people.updated',
      data: { entity: 'people', id: { ssn: '123-45-6789' } },
    });
    const answer = await send(signed(body));
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.json)).not.toContain('123-45-6789');
  });

  it('answers 404 for an unknown org, an org without a webhook secret and a removed org', async () => {
    const silent = await createOrganization(stack.testDb.db, stack.cipher, {
      name: 'no webhooks',
      connector: 'hr',
      apiBaseUrl: stack.sandbox.url,
      credentials: { token: 'unused' },
    });
    const removed = await stack.connect(stack.sandbox.orgs[0]!);
    await stack.testDb.db
      .updateTable('organizations')
      .set({ removed_at: new Date() })
      .where('id', '=', removed)
      .execute();
    for (const id of ['org_doesnotexist', silent.id, removed]) {
      const answer = await send(signed(person), id);
      expect(answer).toMatchObject({ status: 404, json: { error: { code: 'unknown_org' } } });
      expect(await recordSyncExists(stack, id)).toBe(false);
    }
  });

  it('counts every outcome on /metrics', async () => {
    // The earlier tests of this file have run: the counters hold exactly their deliveries.
    expect(await outcomeCounts(receiver)).toEqual({
      accepted: 0,
      duplicate: 0,
      bad_signature: 3,
      stale: 2,
      too_large: 1,
      malformed: 7,
      unknown_org: 3,
      unavailable: 0,
    });
  });

  it('logs org, webhook-id, outcome and status; never the body, the signature or the secret', () => {
    const outcomes = logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.outcome !== undefined);
    expect(outcomes).toHaveLength(sentSignatures.length);
    expect(outcomes).toContainEqual(
      expect.objectContaining({
        orgId,
        webhookId: expect.stringMatching(/^msg_/),
        outcome: 'stale',
        status: 401,
      }),
    );
    const logs = logLines.join('\n');
    for (const forbidden of ['123-45-6789', 'per_0000001', secret.slice('whsec_'.length)])
      expect(logs).not.toContain(forbidden);
    for (const signature of sentSignatures.filter(Boolean)) expect(logs).not.toContain(signature.slice(3));
  });
});
