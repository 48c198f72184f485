/** The webhook receiver: `startWebhookReceiver` in-process, `webhooksCommand` for the CLI. */
export {
  startWebhookReceiver,
  type RunningWebhookReceiver,
  type WebhookReceiverOptions,
} from './webhook-receiver';
export { webhooksCommand, type WebhooksCommandDeps } from './webhooks.command';
export { WEBHOOK_OUTCOMES, type WebhookOutcome } from './webhook-outcome';
export { TemporalUnavailableError, DeadlineExceededError } from './errors';
