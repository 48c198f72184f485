import type { IncomingHttpHeaders } from 'node:http';
import { idFromJson } from './json-id';
import { readPathLeniently as readPath } from '../json-path';
import { singleHeader } from './signature-verdict';
import type { WebhookEventsDeclaration } from './webhook-declaration';

/** A record the sender says changed: the record-sync workflow fetches it (or applies the deletion). */
export interface WebhookRecordEvent {
  readonly entity: string;
  readonly id: string;
  readonly deleted: boolean;
}

export type MappedEvent =
  | { readonly kind: 'record'; readonly event: WebhookRecordEvent }
  | { readonly kind: 'ignored' }
  | { readonly kind: 'refused'; readonly message: string };

const MAX_ID_LENGTH = 256;

/**
 * Maps one event of a body to a record event. Messages name the declared field, never the value
 * found there: bodies carry personal data, and even an unknown event type is the sender's text.
 */
export function mapWebhookEvent(
  declaration: WebhookEventsDeclaration,
  event: unknown,
  headers: IncomingHttpHeaders,
  entities: readonly string[],
): MappedEvent {
  if (typeof event !== 'object' || event === null || Array.isArray(event))
    return refused('event: must be an object');
  const type = eventTypeOf(declaration, event, headers);
  if (type !== undefined && declaration.ignoreTypes?.includes(type)) return { kind: 'ignored' };

  const entity = entityOf(declaration, event, type);
  if (!entity.ok) return refused(entity.message);
  if (!entities.includes(entity.value)) return refused(notSynced(declaration, entity.value, entities));

  const id = idFromJson(readPath(event, declaration.idPath), MAX_ID_LENGTH);
  if (!id.ok) return refused(`${declaration.idPath}: ${id.message}`);
  return {
    kind: 'record',
    event: { entity: entity.value, id: id.id, deleted: isDeletion(declaration, event, type) },
  };
}

type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

function eventTypeOf(declaration: WebhookEventsDeclaration, event: object, headers: IncomingHttpHeaders) {
  const source = declaration.eventType;
  if (source === undefined) return undefined;
  const type = 'header' in source ? singleHeader(headers, source.header) : readPath(event, source.path);
  return typeof type === 'string' ? type : undefined;
}

function typeFieldName(declaration: WebhookEventsDeclaration): string {
  const source = declaration.eventType;
  if (source === undefined) return 'eventType';
  return 'header' in source ? `header ${source.header}` : source.path;
}

function entityOf(
  declaration: WebhookEventsDeclaration,
  event: object,
  type: string | undefined,
): Read<string> {
  const { entity } = declaration;
  if ('name' in entity) return { ok: true, value: entity.name };
  if ('path' in entity) {
    const value = readPath(event, entity.path);
    return typeof value === 'string'
      ? { ok: true, value }
      : { ok: false, message: `${entity.path}: must be a string` };
  }
  const field = typeFieldName(declaration);
  if (type === undefined) return { ok: false, message: `${field}: must be a string` };
  // Own keys only: a type such as "constructor" must not find Object.prototype's.
  const mapped = Object.hasOwn(entity.byType, type) ? entity.byType[type] : undefined;
  return mapped === undefined
    ? { ok: false, message: `${field}: this event type is neither mapped to an entity nor ignored` }
    : { ok: true, value: mapped };
}

function isDeletion(declaration: WebhookEventsDeclaration, event: object, type: string | undefined): boolean {
  const rule = declaration.deleted;
  if (rule === undefined) return false;
  if ('types' in rule) return type !== undefined && rule.types.includes(type);
  const value = readPath(event, rule.path);
  if (typeof value !== 'string') return false;
  return 'equals' in rule ? value === rule.equals : value.endsWith(rule.endsWith);
}

/** A name read from the body is the sender's text and is not repeated; a declared one is ours. */
function notSynced(
  declaration: WebhookEventsDeclaration,
  entity: string,
  entities: readonly string[],
): string {
  const synced = `this organization syncs ${entities.join(', ')}`;
  return 'path' in declaration.entity
    ? `${declaration.entity.path}: names no entity ${synced}`
    : `entity ${entity}: declared by the connector, but ${synced}`;
}

const refused = (message: string): MappedEvent => ({ kind: 'refused', message });
