import { z } from 'zod';

/**
 * Dotted paths into parsed JSON, as declarations write them: `data.object.id`, `0.eventId`. A
 * segment of digits indexes an array. Keys containing a dot cannot be named; no provider we model
 * needs them.
 */
export const FIELD_PATH = /^[A-Za-z0-9_$@-]+(\.[A-Za-z0-9_$@-]+)*$/;

/**
 * How a connector's API signs its webhooks and what their bodies mean. Strict objects throughout,
 * so a misspelt field is refused when the connector loads instead of silently meaning nothing.
 */

/** RFC 9110 token characters; stored lower-case because Node lower-cases incoming header names. */
const headerName = z
  .string()
  .regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'must be an HTTP header name')
  .transform((name) => name.toLowerCase());

const fieldPath = z.string().regex(FIELD_PATH, 'must be a dotted path such as data.object.id');

const entityName = z.string().min(1, 'must name an entity');

/** `''` or `$`: the body is one event; `[]`: the body is an array of events; `a.b` / `a.b[]` likewise below the body. */
const EVENTS_PATH = new RegExp(`^(|\\$|\\[\\]|${FIELD_PATH.source.slice(1, -1)}(\\[\\])?)$`);

/** Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature`; secret `whsec_<base64>`. */
const standardWebhooksScheme = z.strictObject({ scheme: z.literal('standard-webhooks') });

/**
 * HMAC-SHA256 of the raw body in one header, keyed with the secret's UTF-8 bytes: GitHub
 * (`X-Hub-Signature-256: sha256=<hex>`), Shopify (`X-Shopify-Hmac-Sha256: <base64>`). Nothing
 * signed carries a time, so a replay cannot be told from a delivery: there is no staleness check,
 * and dedupe by delivery id is the only guard against replays.
 */
const hmacSha256Scheme = z.strictObject({
  scheme: z.literal('hmac-sha256'),
  header: headerName,
  encoding: z.enum(['hex', 'base64'], { error: 'must be hex or base64' }),
  /** Text before the digest, such as GitHub's `sha256=`. */
  prefix: z.string().min(1).max(32).optional(),
});

/**
 * Stripe's `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]`: HMAC-SHA256 (hex) of
 * `${t}.${rawBody}` keyed with the secret's UTF-8 bytes. Several v1 appear while a secret is
 * rotated; any one matching is enough. A matching signature with `t` outside the tolerance is stale.
 */
const timestampedHmacScheme = z.strictObject({
  scheme: z.literal('timestamped-hmac'),
  header: headerName,
});

const signatureSchema = z.discriminatedUnion(
  'scheme',
  [standardWebhooksScheme, hmacSha256Scheme, timestampedHmacScheme],
  { error: 'scheme must be standard-webhooks, hmac-sha256 or timestamped-hmac' },
);

/** Where an event's type is read: a field of the event (Stripe `type`) or a header (GitHub `X-GitHub-Event`). */
const eventTypeSchema = z.union(
  [z.strictObject({ path: fieldPath }), z.strictObject({ header: headerName })],
  {
    error: 'must be {path} or {header}',
  },
);

const entitySchema = z.union(
  [
    z.strictObject({ name: entityName }),
    z.strictObject({ path: fieldPath }),
    z.strictObject({ byType: z.record(z.string().min(1), entityName) }),
  ],
  { error: 'must be {name}, {path} or {byType}' },
);

const deletedSchema = z.union(
  [
    z.strictObject({ types: z.array(z.string().min(1)).min(1) }),
    z.strictObject({ path: fieldPath, equals: z.string().min(1) }),
    z.strictObject({ path: fieldPath, endsWith: z.string().min(1) }),
  ],
  { error: 'must be {types}, {path, equals} or {path, endsWith}' },
);

const eventsSchema = z.strictObject({
  eventsPath: z
    .string()
    .regex(EVENTS_PATH, 'must be "" or "$" (one event), "[]" or "<path>[]" (a batch), or "<path>"')
    .default(''),
  eventType: eventTypeSchema.optional(),
  entity: entitySchema,
  /** Relative to the event; a JSON integer is turned into its decimal string. */
  idPath: fieldPath,
  /** When absent, no event is a deletion. */
  deleted: deletedSchema.optional(),
  /** Event types that are not about records (GitHub `ping`): dropped, neither mapped nor refused. */
  ignoreTypes: z.array(z.string().min(1)).min(1).optional(),
});

export const webhookDeclarationSchema = z
  .strictObject({
    signature: signatureSchema,
    /** Header carrying the sender's delivery id (`X-GitHub-Delivery`, `X-Shopify-Webhook-Id`). */
    deliveryIdHeader: headerName.optional(),
    /** Or a path into the body (Stripe's event `id`). */
    deliveryIdPath: fieldPath.optional(),
    events: eventsSchema,
  })
  .superRefine((declaration, context) => {
    const issue = (path: PropertyKey[], message: string) =>
      context.addIssue({ code: 'custom', path, message });
    const { deliveryIdHeader, deliveryIdPath, events } = declaration;
    if (declaration.signature.scheme === 'standard-webhooks') {
      if (deliveryIdHeader !== undefined || deliveryIdPath !== undefined)
        issue(
          ['signature'],
          'standard-webhooks uses the signed webhook-id header; leave out deliveryIdHeader and deliveryIdPath',
        );
    } else if (deliveryIdHeader === undefined && deliveryIdPath === undefined) {
      issue(['deliveryIdHeader'], 'deliveryIdHeader or deliveryIdPath is required to dedupe deliveries');
    } else if (deliveryIdHeader !== undefined && deliveryIdPath !== undefined) {
      issue(['deliveryIdPath'], 'declare deliveryIdHeader or deliveryIdPath, not both');
    }
    if (events.eventType === undefined) {
      const needsType: [PropertyKey[], boolean][] = [
        [['events', 'entity', 'byType'], 'byType' in events.entity],
        [['events', 'deleted', 'types'], events.deleted !== undefined && 'types' in events.deleted],
        [['events', 'ignoreTypes'], events.ignoreTypes !== undefined],
      ];
      for (const [path, used] of needsType)
        if (used) issue(path, 'needs events.eventType to say where the type is');
    }
  });

export type WebhookDeclaration = z.output<typeof webhookDeclarationSchema>;
export type WebhookSignatureDeclaration = WebhookDeclaration['signature'];
export type WebhookEventsDeclaration = WebhookDeclaration['events'];
