export { loadWebhookDeclaration } from './load-webhook-declaration';
export {
  MAX_EVENTS_PER_DELIVERY,
  mapWebhookBody,
  type MappedWebhookBody,
  type WebhookRecordEvent,
} from './map-webhook-body';
export { type SignatureVerdict, verifyWebhookSignature } from './verify-webhook-signature';
export {
  type WebhookDeclaration,
  webhookDeclarationSchema,
  type WebhookEventsDeclaration,
  type WebhookSignatureDeclaration,
} from './webhook-declaration';
