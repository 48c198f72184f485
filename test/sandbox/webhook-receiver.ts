import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A local webhook endpoint that records what it gets and answers with `status(delivery)`. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private server: Server | undefined;
  status: (webhook: ReceivedWebhook, index: number) => number = () => 204;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const webhook = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
        this.received.push(webhook);
        response.statusCode = this.status(webhook, this.received.length - 1);
        response.end();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  /** Waits (bounded, polling) until `count` webhooks arrived. */
  async waitFor(count: number, timeoutMs = 5_000): Promise<ReceivedWebhook[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`Got ${this.received.length} of ${count} webhooks`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.received;
  }

  reset(): void {
    this.received.length = 0;
    this.status = () => 204;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

/** The Standard Webhooks headers of a received webhook, as `Webhook#verify` takes them. */
export function headersOf(webhook: ReceivedWebhook): Record<string, string> {
  return {
    'webhook-id': String(webhook.headers['webhook-id']),
    'webhook-timestamp': String(webhook.headers['webhook-timestamp']),
    'webhook-signature': String(webhook.headers['webhook-signature']),
  };
}
