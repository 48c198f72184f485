import { findFreePort } from '../../devstack/free-port';
import type { BenchStack } from './bench-stack';
import type { EngineProcess } from './engine-process';

export interface WebhookReceiverProcess {
  /** Deliveries for an org go to `${url}/webhooks/<org id>`. */
  readonly url: string;
  readonly process: EngineProcess;
}

/** `sync-engine webhooks` on a free port, ready once `/readyz` says the database and Temporal answer. */
export async function startWebhookReceiverProcess(stack: BenchStack): Promise<WebhookReceiverProcess> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const receiver = await stack.launch({
    name: 'webhooks',
    args: ['webhooks', '--port', String(port), '--host', '127.0.0.1'],
    isReady: () =>
      fetch(`${url}/readyz`).then(
        (response) => response.ok,
        () => false,
      ),
  });
  return { url, process: receiver };
}
