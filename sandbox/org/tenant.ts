import { type Dispatcher } from 'undici';
import { type MutationTarget } from '../mutations/mutation-target';
import { MutationStream } from '../mutations/mutation-stream';
import { type OrgStats } from '../stats/sandbox-stats';
import { type WebhookDeliveryOptions, WebhookSender } from '../webhooks/webhook-sender';
import { type Org } from './org';
import { type RecordEvent } from './record-event';

/** An org with what runs for it: its webhook sender, its background mutations, its counters. */
export class Tenant implements MutationTarget {
  readonly webhooks: WebhookSender;
  readonly stream: MutationStream;

  constructor(
    readonly org: Org,
    readonly stats: OrgStats,
    dispatcher: Dispatcher,
    delivery: WebhookDeliveryOptions,
  ) {
    this.webhooks = new WebhookSender(org, stats.webhooks, dispatcher, delivery);
    this.stream = new MutationStream(this);
  }

  notify(events: readonly RecordEvent[]): void {
    for (const event of events) this.webhooks.enqueue(event);
  }

  close(): void {
    this.stream.stop();
    this.webhooks.close();
  }
}
