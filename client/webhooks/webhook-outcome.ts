import type { FastifyReply } from 'fastify';
import type { Logger } from '../../config/logger';
import { webhookOutcomes } from '../../observability/metrics';

/**
 * Every way a webhook request ends, with its HTTP status and error code. 2xx tells the sender to
 * stop; 4xx are final for us but senders retry them anyway (harmless: they fail the same way);
 * 503 asks for a retry, which is what we want while the database is away (Temporal's absence is
 * absorbed by the inbox).
 */
export const WEBHOOK_OUTCOMES = {
  accepted: { status: 202, code: undefined },
  duplicate: { status: 202, code: undefined },
  malformed: { status: 400, code: 'malformed_event' },
  bad_signature: { status: 401, code: 'bad_signature' },
  stale: { status: 401, code: 'stale_timestamp' },
  unknown_org: { status: 404, code: 'unknown_org' },
  too_large: { status: 413, code: 'body_too_large' },
  unavailable: { status: 503, code: 'unavailable' },
} as const;

export type WebhookOutcome = keyof typeof WEBHOOK_OUTCOMES;

/** How one delivery ended, before it becomes an HTTP answer. */
export interface Verdict {
  readonly outcome: WebhookOutcome;
  /** For the sender: names what is wrong, never a value from the body. */
  readonly message?: string;
  readonly entity?: string;
  /** For the log only (why Temporal or the database was unavailable). */
  readonly error?: unknown;
}

/** Sent with 503: when a sender that honours it should try again. */
export const RETRY_AFTER_SECONDS = 5;

/** Counts, logs (org and webhook-id come with `log`) and answers a verdict. */
export function sendVerdict(reply: FastifyReply, log: Logger, verdict: Verdict): FastifyReply {
  const { outcome } = verdict;
  const { status, code } = WEBHOOK_OUTCOMES[outcome];
  webhookOutcomes.inc({ outcome });
  const fields = { outcome, status, entity: verdict.entity, reason: verdict.message, err: verdict.error };
  if (status < 300) log.info(fields, 'webhook %s', outcome);
  else if (status < 500) log.warn(fields, 'webhook rejected: %s', outcome);
  else log.error(fields, 'webhook not accepted: %s', outcome);

  if (status === 503) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  return reply
    .code(status)
    .send(
      code === undefined ? { status: outcome } : { error: { code, message: verdict.message ?? outcome } },
    );
}
