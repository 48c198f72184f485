import type { IncomingHttpHeaders } from 'node:http';
import { singleHeader } from './signature-verdict';
import type { WebhookDeclaration } from './webhook-declaration';

/** The inbox's dedupe key column is bounded; a longer id is refused, not truncated into a collision. */
export const MAX_DELIVERY_ID_LENGTH = 256;

/** The header holding the delivery id, when the declaration names one (webhook-id for Standard Webhooks). */
export function deliveryIdHeaderOf(declaration: WebhookDeclaration): string | undefined {
  return declaration.signature.scheme === 'standard-webhooks' ? 'webhook-id' : declaration.deliveryIdHeader;
}

/** The delivery id sent in a header, if the declaration reads it from one and it is there. */
export function deliveryIdFromHeaders(
  declaration: WebhookDeclaration,
  headers: IncomingHttpHeaders,
): string | undefined {
  const header = deliveryIdHeaderOf(declaration);
  return header === undefined ? undefined : singleHeader(headers, header);
}
