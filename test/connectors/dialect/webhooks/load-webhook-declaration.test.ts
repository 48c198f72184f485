import { loadWebhookDeclaration } from '../../../../connectors/dialect/webhooks';

const events = { entity: { name: 'customers' }, idPath: 'id' };
const shopifyLike = {
  signature: { scheme: 'hmac-sha256', header: 'X-Shopify-Hmac-Sha256', encoding: 'base64' },
  deliveryIdHeader: 'X-Shopify-Webhook-Id',
  events,
};

/** The ConnectorDefinitionError's message, compared by name as our tests do (not instanceof). */
function loadError(input: unknown, entities?: readonly string[]): { name: string; message: string } {
  try {
    loadWebhookDeclaration('shop', input, entities);
  } catch (err) {
    const { name, message } = err as Error;
    return { name, message };
  }
  throw new Error('the declaration loaded');
}

describe('loadWebhookDeclaration', () => {
  it('loads a declaration, header names lower-cased as Node receives them, eventsPath defaulted', () => {
    expect(loadWebhookDeclaration('shop', shopifyLike)).toEqual({
      signature: { scheme: 'hmac-sha256', header: 'x-shopify-hmac-sha256', encoding: 'base64' },
      deliveryIdHeader: 'x-shopify-webhook-id',
      events: { ...events, eventsPath: '' },
    });
  });

  it('names the field of a bad value', () => {
    const error = loadError({ ...shopifyLike, signature: { ...shopifyLike.signature, encoding: 'base32' } });
    expect(error).toEqual({
      name: 'ConnectorDefinitionError',
      message: 'Connector shop: webhooks.signature.encoding: must be hex or base64',
    });
  });

  it('names a misspelt field', () => {
    const { signature } = shopifyLike;
    const misspelt = {
      ...shopifyLike,
      signature: { scheme: signature.scheme, header: signature.header, encodng: 'hex' },
    };
    expect(loadError(misspelt).message).toContain('webhooks.signature.encodng: is not a field here');
    expect(loadError({ ...shopifyLike, event: events }).message).toContain(
      'webhooks.event: is not a field here',
    );
  });

  it('names an unknown scheme and a malformed path', () => {
    expect(loadError({ ...shopifyLike, signature: { scheme: 'hmac-md5' } }).message).toContain(
      'webhooks.signature.scheme: scheme must be standard-webhooks, hmac-sha256 or timestamped-hmac',
    );
    expect(loadError({ ...shopifyLike, events: { ...events, idPath: 'data..id' } }).message).toBe(
      'Connector shop: webhooks.events.idPath: must be a dotted path such as data.object.id',
    );
    expect(loadError({ ...shopifyLike, events: { ...events, eventsPath: 'events[0]' } }).message).toContain(
      'webhooks.events.eventsPath: must be',
    );
  });

  it('requires a delivery id source, except for standard-webhooks which signs webhook-id', () => {
    const { deliveryIdHeader: _header, ...withoutId } = shopifyLike;
    expect(loadError(withoutId).message).toBe(
      'Connector shop: webhooks.deliveryIdHeader: deliveryIdHeader or deliveryIdPath is required to dedupe deliveries',
    );
    expect(loadError({ ...shopifyLike, deliveryIdPath: 'id' }).message).toContain(
      'webhooks.deliveryIdPath: ',
    );
    expect(
      loadWebhookDeclaration('sandbox', { signature: { scheme: 'standard-webhooks' }, events }),
    ).toMatchObject({
      signature: { scheme: 'standard-webhooks' },
    });
    expect(
      loadError({ signature: { scheme: 'standard-webhooks' }, deliveryIdHeader: 'x-id', events }).message,
    ).toContain('webhooks.signature: standard-webhooks uses the signed webhook-id header');
  });

  it('requires eventType wherever an event type is used', () => {
    const byType = {
      ...shopifyLike,
      events: { ...events, entity: { byType: { 'customers/update': 'customers' } } },
    };
    expect(loadError(byType).message).toBe(
      'Connector shop: webhooks.events.entity.byType: needs events.eventType to say where the type is',
    );
  });

  it('names an entity the connector does not have', () => {
    expect(loadError(shopifyLike, ['orders']).message).toBe(
      'Connector shop: webhooks.events.entity.name: customers is not an entity of the connector',
    );
  });
});
