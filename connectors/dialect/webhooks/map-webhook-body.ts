import type { IncomingHttpHeaders } from 'node:http';
import { deliveryIdFromHeaders, deliveryIdHeaderOf, MAX_DELIVERY_ID_LENGTH } from './delivery-id';
import { idFromJson } from './json-id';
import { readPathLeniently as readPath } from '../json-path';
import { mapWebhookEvent, type WebhookRecordEvent } from './map-webhook-event';
import type { WebhookDeclaration, WebhookEventsDeclaration } from './webhook-declaration';

export type { WebhookRecordEvent } from './map-webhook-event';

/** HubSpot sends up to 100 events per POST; ten times that is no API we know of, and bounds the work. */
export const MAX_EVENTS_PER_DELIVERY = 1_000;

export type MappedWebhookBody =
  | {
      readonly ok: true;
      /** The sender's id for this delivery, to dedupe retries (from the declared header or body path). */
      readonly deliveryId: string;
      readonly events: readonly WebhookRecordEvent[];
      /** Events that could not be mapped, by their index in the batch (0 for a single-event body). */
      readonly refused: readonly { readonly index: number; readonly message: string }[];
      /** Events of a declared `ignoreTypes` type (GitHub `ping`). */
      readonly ignored: number;
    }
  | { readonly ok: false; readonly message: string };

/**
 * Reads a verified body as the connector declared it: the delivery id, then each event's entity,
 * id and whether it is a deletion. One bad event is refused by itself with a message and the
 * others still map; only a body that cannot be read at all (not JSON, no events where declared,
 * no delivery id, too many events) fails as a whole. Messages name fields, never values.
 *
 * @example
 * mapWebhookBody(stripe, rawBody, request.headers, ['customers'])
 * // body {"id":"evt_1","type":"customer.deleted","data":{"object":{"id":"cus_1"}}} →
 * // { ok: true, deliveryId: 'evt_1', events: [{ entity: 'customers', id: 'cus_1', deleted: true }], refused: [], ignored: 0 }
 */
export function mapWebhookBody(
  declaration: WebhookDeclaration,
  rawBody: Buffer,
  headers: IncomingHttpHeaders,
  entities: readonly string[],
): MappedWebhookBody {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    // JSON.parse's message quotes the input: do not pass it on.
    return { ok: false, message: 'body is not valid JSON' };
  }
  const deliveryId = deliveryIdOf(declaration, body, headers);
  if (!deliveryId.ok) return deliveryId;
  const events = eventsOf(declaration.events, body);
  if (!events.ok) return events;

  const mapped: WebhookRecordEvent[] = [];
  const refused: { index: number; message: string }[] = [];
  let ignored = 0;
  events.list.forEach((event, index) => {
    const result = mapWebhookEvent(declaration.events, event, headers, entities);
    if (result.kind === 'record') mapped.push(result.event);
    else if (result.kind === 'refused') refused.push({ index, message: result.message });
    else ignored += 1;
  });
  return { ok: true, deliveryId: deliveryId.id, events: mapped, refused, ignored };
}

function deliveryIdOf(
  declaration: WebhookDeclaration,
  body: unknown,
  headers: IncomingHttpHeaders,
): { ok: true; id: string } | { ok: false; message: string } {
  const header = deliveryIdHeaderOf(declaration);
  const field = header === undefined ? `deliveryIdPath ${declaration.deliveryIdPath}` : `header ${header}`;
  const value =
    header === undefined
      ? readPath(body, declaration.deliveryIdPath ?? '')
      : deliveryIdFromHeaders(declaration, headers);
  if (value === undefined) return { ok: false, message: `${field}: a delivery id is required` };
  const id = idFromJson(value, MAX_DELIVERY_ID_LENGTH);
  return id.ok ? id : { ok: false, message: `${field}: ${id.message}` };
}

function eventsOf(
  declaration: WebhookEventsDeclaration,
  body: unknown,
): { ok: true; list: readonly unknown[] } | { ok: false; message: string } {
  const { eventsPath } = declaration;
  const batch = eventsPath.endsWith('[]');
  const path = batch ? eventsPath.slice(0, -2) : eventsPath;
  const found = path === '' || path === '$' ? body : readPath(body, path);
  const field = path === '' || path === '$' ? 'body' : `eventsPath ${eventsPath}`;
  if (!batch) return { ok: true, list: [found] };
  if (!Array.isArray(found)) return { ok: false, message: `${field}: must be an array of events` };
  if (found.length > MAX_EVENTS_PER_DELIVERY)
    return { ok: false, message: `${field}: more than ${MAX_EVENTS_PER_DELIVERY} events in one delivery` };
  return { ok: true, list: found };
}
