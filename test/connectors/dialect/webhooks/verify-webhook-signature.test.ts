import type { IncomingHttpHeaders } from 'node:http';
import { verifyWebhookSignature, type WebhookDeclaration } from '../../../../connectors/dialect/webhooks';
import { signDelivery } from '../../../webhooks/signed-delivery';
import {
  github,
  shopify,
  signGitHub,
  signShopify,
  signStripe,
  standardWebhooks,
  stripe,
} from './provider-declarations';

const now = Date.parse('2026-11-26T21:00:00Z');
const secret = "It's a Secret to Everybody";
const otherSecret = 'another secret';
const body = '{"action":"opened","issue":{"id":1}}';

const verify = (declaration: WebhookDeclaration, headers: IncomingHttpHeaders, sent = body, key = secret) =>
  verifyWebhookSignature(declaration, key, Buffer.from(sent), headers, 300, now);
const refusedAs = (outcome: 'bad_signature' | 'stale') => ({ ok: false, outcome });

describe('verifyWebhookSignature, hmac-sha256 (GitHub: sha256=<hex>)', () => {
  const headers = signGitHub(secret, body);

  it('verifies a correctly signed delivery and hands back its delivery id', () => {
    expect(verify(github, headers)).toEqual({ ok: true, deliveryId: '72d3162e-cc78-11e3-81ab-4c9367dc0958' });
  });

  it('matches GitHub’s documented test vector', () => {
    // docs.github.com, "Validating webhook deliveries": secret and payload of its worked example.
    const signature = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
    const sent = { 'x-hub-signature-256': signature, 'x-github-delivery': 'd1' };
    expect(verify(github, sent, 'Hello, World!')).toMatchObject({ ok: true });
  });

  it('refuses an altered body, a wrong secret, a missing or malformed header as bad_signature', () => {
    expect(verify(github, headers, body.replace('1', '2'))).toMatchObject(refusedAs('bad_signature'));
    expect(verify(github, headers, body, otherSecret)).toMatchObject(refusedAs('bad_signature'));
    const { 'x-hub-signature-256': _signature, ...unsigned } = headers;
    expect(verify(github, unsigned)).toMatchObject({
      ...refusedAs('bad_signature'),
      message: 'x-hub-signature-256 header is required',
    });
    const digest = headers['x-hub-signature-256']?.slice('sha256='.length) ?? '';
    for (const malformed of [
      digest,
      `sha1=${digest}`,
      `sha256=${digest.slice(2)}`,
      `sha256=${digest}zz`,
      'sha256=',
    ])
      expect(verify(github, { ...headers, 'x-hub-signature-256': malformed })).toMatchObject(
        refusedAs('bad_signature'),
      );
  });

  it('never answers stale: nothing signed carries a time', () => {
    const muchLater = verifyWebhookSignature(
      github,
      secret,
      Buffer.from(body),
      headers,
      300,
      now + 86_400_000,
    );
    expect(muchLater).toMatchObject({ ok: true });
  });

  it('refuses everything when no secret is configured', () => {
    expect(verify(github, signGitHub('', body), body, '')).toMatchObject(refusedAs('bad_signature'));
  });
});

describe('verifyWebhookSignature, hmac-sha256 (Shopify: base64)', () => {
  const headers = signShopify(secret, body);

  it('verifies a correctly signed delivery', () => {
    expect(verify(shopify, headers)).toEqual({ ok: true, deliveryId: 'b54557e4' });
  });

  it('refuses an altered body, a wrong secret, a missing or malformed header as bad_signature', () => {
    expect(verify(shopify, headers, `${body} `)).toMatchObject(refusedAs('bad_signature'));
    expect(verify(shopify, headers, body, otherSecret)).toMatchObject(refusedAs('bad_signature'));
    expect(verify(shopify, { 'x-shopify-webhook-id': 'b54557e4' })).toMatchObject(refusedAs('bad_signature'));
    const digest = headers['x-shopify-hmac-sha256'] ?? '';
    const asHex = Buffer.from(digest, 'base64').toString('hex');
    for (const malformed of [asHex, digest.slice(1), `${digest}=`, `!${digest.slice(1)}`])
      expect(verify(shopify, { ...headers, 'x-shopify-hmac-sha256': malformed })).toMatchObject(
        refusedAs('bad_signature'),
      );
  });
});

describe('verifyWebhookSignature, timestamped-hmac (Stripe)', () => {
  const stripeBody = '{"id":"evt_1","type":"customer.updated","data":{"object":{"id":"cus_1"}}}';
  const check = (headers: IncomingHttpHeaders, sent = stripeBody, key = secret) =>
    verify(stripe, headers, sent, key);

  it('verifies a correctly signed delivery within the tolerance, either side of now', () => {
    for (const seconds of [-300, 0, 300])
      expect(check(signStripe([secret], stripeBody, now + seconds * 1000))).toEqual({ ok: true });
  });

  it('verifies with either secret while two v1 signatures are sent (rotation)', () => {
    const rotating = signStripe([otherSecret, secret], stripeBody, now);
    expect(check(rotating, stripeBody, secret)).toMatchObject({ ok: true });
    expect(check(rotating, stripeBody, otherSecret)).toMatchObject({ ok: true });
    expect(check(rotating, stripeBody, 'a third secret')).toMatchObject(refusedAs('bad_signature'));
  });

  it('tells a correctly signed old or future delivery (stale) from a forgery (bad_signature)', () => {
    expect(check(signStripe([secret], stripeBody, now - 301_000))).toMatchObject({
      ...refusedAs('stale'),
      message: 'stripe-signature t is more than 300 s in the past',
    });
    expect(check(signStripe([secret], stripeBody, now + 301_000))).toMatchObject({
      ...refusedAs('stale'),
      message: 'stripe-signature t is more than 300 s in the future',
    });
    expect(check(signStripe([otherSecret], stripeBody, now - 301_000))).toMatchObject(
      refusedAs('bad_signature'),
    );
  });

  it('refuses an altered body, an altered timestamp, a wrong secret as bad_signature', () => {
    const headers = signStripe([secret], stripeBody, now);
    expect(check(headers, stripeBody.replace('cus_1', 'cus_2'))).toMatchObject(refusedAs('bad_signature'));
    const moved = headers['stripe-signature']?.replace(/^t=(\d+)/, (_all, t: string) => `t=${Number(t) - 1}`);
    expect(check({ 'stripe-signature': moved })).toMatchObject(refusedAs('bad_signature'));
    expect(check(headers, stripeBody, otherSecret)).toMatchObject(refusedAs('bad_signature'));
  });

  it('refuses a missing or malformed header as bad_signature', () => {
    const signature = signStripe([secret], stripeBody, now)['stripe-signature'] ?? '';
    const [t = '', v1 = ''] = signature.split(',');
    expect(check({})).toMatchObject({
      ...refusedAs('bad_signature'),
      message: 'stripe-signature header is required',
    });
    for (const malformed of [
      v1,
      t,
      `${t},${t},${v1}`,
      `t=soon,${v1}`,
      `${t},v1=abc`,
      `${t};${v1}`,
      'garbage',
    ])
      expect(check({ 'stripe-signature': malformed })).toMatchObject({
        ...refusedAs('bad_signature'),
        message: 'stripe-signature must be t=<unix seconds> followed by at least one v1=<hex digest>',
      });
  });

  it('ignores other schemes in the header, as Stripe’s libraries do', () => {
    const signature = signStripe([secret], stripeBody, now)['stripe-signature'] ?? '';
    expect(check({ 'stripe-signature': `${signature},v0=6ffbb59b2300aae63f27` })).toMatchObject({ ok: true });
  });
});

describe('verifyWebhookSignature, standard-webhooks', () => {
  const whsec = `whsec_${Buffer.from('a test secret of 32 bytes, or so').toString('base64')}`;
  const at = (seconds: number) => new Date(now + seconds * 1000);
  const check = (delivery: { headers: IncomingHttpHeaders; body: string }, key = whsec) =>
    verify(standardWebhooks, delivery.headers, delivery.body, key);

  it('verifies a correctly signed delivery and hands back webhook-id', () => {
    expect(check(signDelivery(whsec, body, { webhookId: 'msg_1', at: at(0) }))).toEqual({
      ok: true,
      deliveryId: 'msg_1',
    });
  });

  it('refuses an altered body, an altered timestamp, a wrong secret, a missing or malformed header', () => {
    const delivery = signDelivery(whsec, body, { at: at(0) });
    const refusals = [
      check({ ...delivery, body: `${body} ` }),
      check({ ...delivery, headers: { ...delivery.headers, 'webhook-timestamp': String(now / 1000 - 1) } }),
      check(delivery, `whsec_${Buffer.from('another secret').toString('base64')}`),
      check({ ...delivery, headers: { ...delivery.headers, 'webhook-signature': undefined } }),
      check({ ...delivery, headers: { ...delivery.headers, 'webhook-timestamp': at(0).toISOString() } }),
      check(delivery, 'whsec_!not base64!'),
    ];
    for (const refusal of refusals) expect(refusal).toMatchObject(refusedAs('bad_signature'));
  });

  it('answers stale for a correctly signed delivery outside the tolerance', () => {
    expect(check(signDelivery(whsec, body, { at: at(-301) }))).toMatchObject(refusedAs('stale'));
    expect(check(signDelivery(whsec, body, { at: at(301) }))).toMatchObject(refusedAs('stale'));
  });
});

describe('verifyWebhookSignature messages', () => {
  it('never carry the secret, a signature or the body', () => {
    const headers = signGitHub(otherSecret, body);
    const result = verify(github, headers);
    expect(result.ok).toBe(false);
    const message = result.ok ? '' : result.message;
    for (const leaked of [secret, otherSecret, body, headers['x-hub-signature-256'] ?? ''])
      expect(message).not.toContain(leaked);
  });
});
