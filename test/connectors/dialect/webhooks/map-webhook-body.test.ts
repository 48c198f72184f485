import type { IncomingHttpHeaders } from 'node:http';
import {
  MAX_EVENTS_PER_DELIVERY,
  mapWebhookBody,
  type WebhookDeclaration,
} from '../../../../connectors/dialect/webhooks';
import { github, hubspot, shopify, standardWebhooks, stripe } from './provider-declarations';

const map = (
  declaration: WebhookDeclaration,
  body: unknown,
  entities: readonly string[],
  headers: IncomingHttpHeaders = {},
) =>
  mapWebhookBody(
    declaration,
    Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    headers,
    entities,
  );

describe('mapWebhookBody, GitHub style (type in X-GitHub-Event, numeric ids)', () => {
  const headers = (event: string) => ({ 'x-github-event': event, 'x-github-delivery': 'delivery-1' });
  const issue = (action: string) => ({ action, issue: { id: 1_347, title: 'Found a bug' } });

  it('maps an issue event, turning its numeric id into a string', () => {
    expect(map(github, issue('edited'), ['issues'], headers('issues'))).toEqual({
      ok: true,
      deliveryId: 'delivery-1',
      events: [{ entity: 'issues', id: '1347', deleted: false }],
      refused: [],
      ignored: 0,
    });
  });

  it('reads action: deleted as a deletion', () => {
    expect(map(github, issue('deleted'), ['issues'], headers('issues'))).toMatchObject({
      events: [{ entity: 'issues', id: '1347', deleted: true }],
    });
  });

  it('ignores ping, which is about no record', () => {
    expect(
      map(github, { zen: 'Keep it logically awesome.', hook_id: 1 }, ['issues'], headers('ping')),
    ).toMatchObject({
      ok: true,
      events: [],
      refused: [],
      ignored: 1,
    });
  });

  it('refuses an event type it has no entity for, naming the header and not the type', () => {
    const result = map(github, issue('created'), ['issues'], headers('secret_scanning_alert'));
    expect(result).toMatchObject({ ok: true, events: [], refused: [{ index: 0 }] });
    const [refusal] = result.ok ? result.refused : [];
    expect(refusal?.message).toBe(
      'header x-github-event: this event type is neither mapped to an entity nor ignored',
    );
  });

  it('refuses a mapped entity the organization does not sync', () => {
    expect(map(github, issue('created'), ['comments'], headers('issues'))).toMatchObject({
      refused: [
        {
          index: 0,
          message: 'entity issues: declared by the connector, but this organization syncs comments',
        },
      ],
    });
  });

  it('refuses the delivery without X-GitHub-Delivery: it could not be deduped', () => {
    expect(map(github, issue('edited'), ['issues'], { 'x-github-event': 'issues' })).toEqual({
      ok: false,
      message: 'header x-github-delivery: a delivery id is required',
    });
  });
});

describe('mapWebhookBody, Stripe style (type in the body, delivery id is the event id)', () => {
  const event = (type: string, id: unknown = 'cus_NffrFeUfNV2Hib') => ({
    id: 'evt_1NG8Du2eZvKYlo2CUI79vXWy',
    object: 'event',
    type,
    data: { object: { id, object: 'customer', email: 'jenny.rosen@example.com' } },
  });

  it('maps customer.deleted to a deletion of data.object.id, deduped by the event id', () => {
    expect(map(stripe, event('customer.deleted'), ['customers'])).toEqual({
      ok: true,
      deliveryId: 'evt_1NG8Du2eZvKYlo2CUI79vXWy',
      events: [{ entity: 'customers', id: 'cus_NffrFeUfNV2Hib', deleted: true }],
      refused: [],
      ignored: 0,
    });
    expect(map(stripe, event('customer.updated'), ['customers'])).toMatchObject({
      events: [{ entity: 'customers', id: 'cus_NffrFeUfNV2Hib', deleted: false }],
    });
  });

  it('refuses ids that are neither strings nor exact integers, naming the path', () => {
    for (const id of [null, '', 1.5, 2 ** 53, { id: 'x' }, 'x'.repeat(257)])
      expect(map(stripe, event('customer.updated', id), ['customers'])).toMatchObject({
        refused: [{ index: 0, message: expect.stringMatching(/^data\.object\.id: /) }],
      });
  });

  it('refuses a type that would reach Object.prototype through the map', () => {
    expect(map(stripe, event('constructor'), ['customers'])).toMatchObject({
      events: [],
      refused: [{ index: 0 }],
    });
  });

  it('refuses the delivery when the event id is missing', () => {
    const { id: _id, ...withoutId } = event('customer.updated');
    expect(map(stripe, withoutId, ['customers'])).toEqual({
      ok: false,
      message: 'deliveryIdPath id: a delivery id is required',
    });
  });
});

describe('mapWebhookBody, HubSpot style (a batch array)', () => {
  const hubspotEvent = (eventId: number, subscriptionType: string, objectId: number) => ({
    eventId,
    subscriptionId: 25,
    portalId: 33,
    occurredAt: 1_564_113_600_000,
    subscriptionType,
    attemptNumber: 0,
    objectId,
    changeSource: 'CRM',
  });

  it('maps every event of the batch, a deletion among updates', () => {
    const batch = [
      hubspotEvent(100, 'contact.propertyChange', 123),
      hubspotEvent(101, 'contact.deletion', 124),
      hubspotEvent(102, 'company.propertyChange', 9),
    ];
    expect(map(hubspot, batch, ['contacts', 'companies'])).toEqual({
      ok: true,
      deliveryId: '100',
      events: [
        { entity: 'contacts', id: '123', deleted: false },
        { entity: 'contacts', id: '124', deleted: true },
        { entity: 'companies', id: '9', deleted: false },
      ],
      refused: [],
      ignored: 0,
    });
  });

  it('refuses one event of an unknown type by its index while the others map', () => {
    const batch = [
      hubspotEvent(100, 'contact.propertyChange', 123),
      hubspotEvent(101, 'deal.propertyChange', 7),
      hubspotEvent(102, 'contact.deletion', 124),
      'not an event',
    ];
    expect(map(hubspot, batch, ['contacts', 'companies'])).toMatchObject({
      ok: true,
      events: [
        { entity: 'contacts', id: '123', deleted: false },
        { entity: 'contacts', id: '124', deleted: true },
      ],
      refused: [
        { index: 1, message: 'subscriptionType: this event type is neither mapped to an entity nor ignored' },
        { index: 3, message: 'event: must be an object' },
      ],
    });
  });

  it('refuses a batch that is not an array, or larger than the cap, as a whole', () => {
    expect(map(hubspot, { events: [] }, ['contacts'])).toMatchObject({ ok: false });
    const tooMany = Array.from({ length: MAX_EVENTS_PER_DELIVERY + 1 }, (_, i) =>
      hubspotEvent(i, 'contact.propertyChange', i),
    );
    expect(map(hubspot, tooMany, ['contacts'])).toEqual({
      ok: false,
      message: `body: more than ${MAX_EVENTS_PER_DELIVERY} events in one delivery`,
    });
  });
});

describe('mapWebhookBody, entity from a path (today’s sandbox body) and a fixed entity (Shopify)', () => {
  const sandboxHeaders = { 'webhook-id': 'msg_1' };

  it('reads the entity from data.entity and dedupes by webhook-id', () => {
    const body = { type: 'people.updated', data: { entity: 'people', id: 'per_1' } };
    expect(map(standardWebhooks, body, ['people'], sandboxHeaders)).toMatchObject({
      ok: true,
      deliveryId: 'msg_1',
      events: [{ entity: 'people', id: 'per_1', deleted: false }],
    });
  });

  it('refuses an entity read from the body without repeating it', () => {
    const body = { data: { entity: 'Jenny Rosen', id: 'per_1' } };
    const result = map(standardWebhooks, body, ['people'], sandboxHeaders);
    expect(result).toMatchObject({
      refused: [{ index: 0, message: 'data.entity: names no entity this organization syncs people' }],
    });
  });

  it('maps Shopify’s body to its one declared entity', () => {
    expect(
      map(shopify, { id: 706405506930370000, email: 'bob@example.com' }, ['customers'], {
        'x-shopify-webhook-id': 'b54557e4',
      }),
    ).toMatchObject({
      refused: [
        { index: 0, message: expect.stringMatching(/^id: must be a string or an integer below 2\^53/) },
      ],
    });
    expect(
      map(shopify, { id: 207119551 }, ['customers'], { 'x-shopify-webhook-id': 'b54557e4' }),
    ).toMatchObject({
      events: [{ entity: 'customers', id: '207119551', deleted: false }],
    });
  });
});

describe('mapWebhookBody messages', () => {
  it('do not echo a body that is not JSON', () => {
    expect(map(stripe, '{"email": "jenny.rosen@example.com", oops', ['customers'])).toEqual({
      ok: false,
      message: 'body is not valid JSON',
    });
  });
});
