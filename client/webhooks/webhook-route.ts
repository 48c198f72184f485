import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { UnsafeTestSwitch } from '../../config/config';
import type { Logger } from '../../config/logger';
import { type DeliveryDeps, processDelivery } from './process-delivery';
import { withReceiverTestSwitches } from './receiver-test-switches';
import { sendVerdict, type Verdict } from './webhook-outcome';

type WebhookRequest = FastifyRequest<{ Params: { orgId: string } }>;

/**
 * `POST /webhooks/:orgId`, in a scope of its own: bodies are kept as raw bytes whatever their
 * content type (signatures cover the exact bytes), and body errors (too large, bad length) are
 * answered and counted as webhook outcomes.
 */
export function registerWebhookRoute(
  app: FastifyInstance,
  deps: DeliveryDeps & {
    readonly logger: Logger;
    readonly maxBodyBytes: number;
    readonly unsafeTestSwitches?: readonly UnsafeTestSwitch[];
  },
): void {
  const deliver = withReceiverTestSwitches(processDelivery, deps.db, deps.unsafeTestSwitches);
  const logFor = (request: WebhookRequest) =>
    deps.logger.child({ orgId: request.params.orgId, webhookId: webhookIdOf(request) });

  void app.register((scope, _options, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, parsed) => parsed(null, body));
    scope.setErrorHandler((err: FastifyError, request: WebhookRequest, reply) => {
      const verdict: Verdict =
        err.statusCode === 413
          ? { outcome: 'too_large', message: `body larger than ${deps.maxBodyBytes} bytes` }
          : err.statusCode !== undefined && err.statusCode < 500
            ? { outcome: 'malformed', message: `unreadable request (${err.code})` }
            : { outcome: 'unavailable', message: 'internal error; try again later', error: err };
      return sendVerdict(reply, logFor(request), verdict);
    });
    scope.post('/webhooks/:orgId', async (request: WebhookRequest, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const log = logFor(request);
      const verdict = await deliver(
        deps,
        { orgId: request.params.orgId, headers: request.headers, body },
        log,
      );
      return sendVerdict(reply, log, verdict);
    });
    done();
  });
}

/** The sender's webhook-id, shortened for logs (it is sender-chosen text). */
function webhookIdOf(request: FastifyRequest): string | undefined {
  const id = request.headers['webhook-id'];
  return typeof id === 'string' ? id.slice(0, 128) : undefined;
}
