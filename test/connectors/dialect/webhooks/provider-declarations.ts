import { createHmac } from 'node:crypto';
import { loadWebhookDeclaration } from '../../../../connectors/dialect/webhooks';

/** Declarations modelled on each provider's documented webhooks. */
export const github = loadWebhookDeclaration('github', {
  signature: { scheme: 'hmac-sha256', header: 'X-Hub-Signature-256', encoding: 'hex', prefix: 'sha256=' },
  deliveryIdHeader: 'X-GitHub-Delivery',
  events: {
    eventType: { header: 'X-GitHub-Event' },
    entity: { byType: { issues: 'issues' } },
    idPath: 'issue.id',
    deleted: { path: 'action', equals: 'deleted' },
    ignoreTypes: ['ping'],
  },
});

export const shopify = loadWebhookDeclaration('shopify', {
  signature: { scheme: 'hmac-sha256', header: 'X-Shopify-Hmac-Sha256', encoding: 'base64' },
  deliveryIdHeader: 'X-Shopify-Webhook-Id',
  events: { entity: { name: 'customers' }, idPath: 'id' },
});

export const stripe = loadWebhookDeclaration('stripe', {
  signature: { scheme: 'timestamped-hmac', header: 'Stripe-Signature' },
  deliveryIdPath: 'id',
  events: {
    eventType: { path: 'type' },
    entity: {
      byType: {
        'customer.created': 'customers',
        'customer.updated': 'customers',
        'customer.deleted': 'customers',
      },
    },
    idPath: 'data.object.id',
    deleted: { types: ['customer.deleted'] },
  },
});

/** HubSpot's v3 signature covers method and URL too, which no scheme here does: only its body is modelled. */
export const hubspot = loadWebhookDeclaration('hubspot', {
  signature: { scheme: 'hmac-sha256', header: 'X-Test-Signature', encoding: 'base64' },
  deliveryIdPath: '0.eventId',
  events: {
    eventsPath: '[]',
    eventType: { path: 'subscriptionType' },
    entity: {
      byType: {
        'contact.creation': 'contacts',
        'contact.propertyChange': 'contacts',
        'contact.deletion': 'contacts',
        'company.propertyChange': 'companies',
      },
    },
    idPath: 'objectId',
    deleted: { path: 'subscriptionType', endsWith: '.deletion' },
  },
});

export const standardWebhooks = loadWebhookDeclaration('sandbox', {
  signature: { scheme: 'standard-webhooks' },
  events: { entity: { path: 'data.entity' }, idPath: 'data.id' },
});

const hmac = (secret: string, payload: string) => createHmac('sha256', secret).update(payload);

export function signGitHub(secret: string, body: string, event = 'issues'): Record<string, string> {
  return {
    'x-hub-signature-256': `sha256=${hmac(secret, body).digest('hex')}`,
    'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
    'x-github-event': event,
  };
}

export function signShopify(secret: string, body: string): Record<string, string> {
  return { 'x-shopify-hmac-sha256': hmac(secret, body).digest('base64'), 'x-shopify-webhook-id': 'b54557e4' };
}

/** `Stripe-Signature` with one v1 per secret, as Stripe sends while an endpoint's secret rolls. */
export function signStripe(secrets: readonly string[], body: string, atMs: number): Record<string, string> {
  const t = Math.floor(atMs / 1000);
  const v1 = secrets.map((secret) => `v1=${hmac(secret, `${t}.${body}`).digest('hex')}`);
  return { 'stripe-signature': [`t=${t}`, ...v1].join(',') };
}
