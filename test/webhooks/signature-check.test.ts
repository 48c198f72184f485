import { Webhook } from 'standardwebhooks';
import { checkSignature } from '../../client/webhooks/signature-check';
import { signDelivery } from './signed-delivery';

describe('checkSignature', () => {
  const secret = `whsec_${Buffer.from('a test secret of 32 bytes, or so').toString('base64')}`;
  const signer = new Webhook(secret);
  const body = '{"type":"people.updated","data":{"entity":"people","id":"per_0000001"}}';
  const now = Date.parse('2026-11-26T21:00:00Z');
  const at = (secondsFromNow: number) => new Date(now + secondsFromNow * 1000);
  const check = (delivery: { headers: Readonly<Record<string, string>>; body: string }, tolerance = 300) =>
    checkSignature(signer, Buffer.from(delivery.body), delivery.headers, tolerance, now);

  it('accepts a delivery signed within the tolerance, either side of now', () => {
    for (const seconds of [-300, 0, 300])
      expect(check(signDelivery(secret, body, { webhookId: 'msg_1', at: at(seconds) }))).toEqual({
        ok: true,
        webhookId: 'msg_1',
      });
  });

  it('tells a correctly signed replay (stale) from a forgery (bad_signature)', () => {
    expect(check(signDelivery(secret, body, { at: at(-301) }))).toMatchObject({
      ok: false,
      outcome: 'stale',
    });
    expect(check(signDelivery(secret, body, { at: at(301) }))).toMatchObject({ ok: false, outcome: 'stale' });
    const forged = signDelivery(`whsec_${Buffer.from('another secret').toString('base64')}`, body, {
      at: at(-301),
    });
    expect(check(forged)).toMatchObject({ ok: false, outcome: 'bad_signature' });
  });

  it('honours a tolerance beyond the library’s fixed five minutes', () => {
    expect(check(signDelivery(secret, body, { at: at(-900) }), 3_600)).toMatchObject({ ok: true });
  });

  it('finds the valid signature among several (secret rotation)', () => {
    const delivery = signDelivery(secret, body, { at: at(0) });
    const signature = `v1,bm90IGl0 ${delivery.headers['webhook-signature']} v2,whatever`;
    expect(
      check({ ...delivery, headers: { ...delivery.headers, 'webhook-signature': signature } }),
    ).toMatchObject({
      ok: true,
    });
  });

  it('refuses missing headers and a timestamp that is not Unix seconds', () => {
    const delivery = signDelivery(secret, body, { at: at(0) });
    const { 'webhook-id': _id, ...withoutId } = delivery.headers;
    expect(check({ ...delivery, headers: withoutId })).toMatchObject({ outcome: 'bad_signature' });
    const iso = { ...delivery.headers, 'webhook-timestamp': at(0).toISOString() };
    expect(check({ ...delivery, headers: iso })).toMatchObject({
      outcome: 'bad_signature',
      message: 'webhook-timestamp must be Unix time in seconds',
    });
  });
});
