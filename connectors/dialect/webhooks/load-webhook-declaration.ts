import type { z } from 'zod';
import { ConnectorDefinitionError } from '../../connector-errors';
import { type WebhookDeclaration, webhookDeclarationSchema } from './webhook-declaration';

/**
 * Checks a connector's `webhooks` declaration. Throws ConnectorDefinitionError naming each field
 * at fault (`webhooks.signature.encoding: must be hex or base64`); a declaration is ours, not
 * sender data, so zod's wording (which may quote the value) is fine here. When `entities` is
 * given, entity names the declaration fixes must be among them.
 *
 * @example
 * loadWebhookDeclaration('stripe', {
 *   signature: { scheme: 'timestamped-hmac', header: 'Stripe-Signature' },
 *   deliveryIdPath: 'id',
 *   events: {
 *     eventType: { path: 'type' },
 *     entity: { byType: { 'customer.updated': 'customers', 'customer.deleted': 'customers' } },
 *     idPath: 'data.object.id',
 *     deleted: { types: ['customer.deleted'] },
 *   },
 * }, ['customers']);
 */
export function loadWebhookDeclaration(
  connector: string,
  input: unknown,
  entities?: readonly string[],
): WebhookDeclaration {
  const parsed = webhookDeclarationSchema.safeParse(input);
  if (!parsed.success) throw new ConnectorDefinitionError(connector, describeIssues(parsed.error.issues));
  const unknown =
    entities === undefined ? [] : declaredEntities(parsed.data).filter((e) => !entities.includes(e.name));
  if (unknown.length > 0)
    throw new ConnectorDefinitionError(
      connector,
      unknown.map((e) => `webhooks.${e.path}: ${e.name} is not an entity of the connector`).join('; '),
    );
  return parsed.data;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const path = ['webhooks', ...issue.path.map(String)].join('.');
      // zod puts an unknown key's name in `keys`, not the path: name the misspelt field itself.
      if (issue.code === 'unrecognized_keys')
        return issue.keys.map((key) => `${path}.${key}: is not a field here`).join('; ');
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}

function declaredEntities(declaration: WebhookDeclaration): { path: string; name: string }[] {
  const { entity } = declaration.events;
  if ('name' in entity) return [{ path: 'events.entity.name', name: entity.name }];
  if ('byType' in entity)
    return Object.entries(entity.byType).map(([type, name]) => ({
      path: `events.entity.byType.${type}`,
      name,
    }));
  return [];
}
