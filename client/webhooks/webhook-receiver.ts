import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { type Kysely, sql } from 'kysely';
import type { UnsafeTestSwitch } from '../../config/config';
import type { Logger } from '../../config/logger';
import type { CredentialsCipher } from '../../db/credentials-cipher';
import type { Database } from '../../db/database';
import { registry } from '../../observability/metrics';
import { startDeliveryPruner } from './delivery-pruner';
import { registerHealthRoutes } from './health-routes';
import { InboxForwarder, type InboxForwarderOptions } from './inbox-forwarder';
import { type TemporalTarget, TemporalSignaller } from './temporal-signaller';
import { registerWebhookRoute } from './webhook-route';
import { WebhookOrgCache } from './webhook-org-cache';
import { withTimeout } from './with-timeout';

export interface WebhookReceiverOptions {
  /** The application database (organizations, webhook_inbox); the caller owns and closes it. */
  readonly db: Kysely<Database>;
  readonly cipher: CredentialsCipher;
  readonly temporal: TemporalTarget;
  /** Task queue of the record-sync workflows (the workers' TASK_QUEUE). */
  readonly taskQueue: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Default `0.0.0.0`. */
  readonly host?: string;
  /** Larger bodies are refused with 413. */
  readonly maxBodyBytes: number;
  /** Deliveries signed further than this from now are refused with 401 `stale_timestamp`. */
  readonly toleranceSeconds: number;
  readonly logger: Logger;
  /** Deadline of each Temporal signal and of the database readiness check; default 3 s. */
  readonly dependencyTimeoutMs?: number;
  /** How often a cached org (its decrypted webhook secret) is rechecked against its row; default 2 s. */
  readonly orgRecheckMs?: number;
  /** How often old dedupe entries are pruned; default hourly. */
  readonly pruneEveryMs?: number;
  /** How long a forwarded delivery is remembered for dedupe; default 3 days. */
  readonly deliveryRetentionMs?: number;
  /** TEST ONLY (see `receiver-test-switches.ts`); none in production. */
  readonly unsafeTestSwitches?: readonly UnsafeTestSwitch[];
  /** How the inbox is forwarded to Temporal (concurrency, sweep period, backoff). */
  readonly forwarder?: InboxForwarderOptions;
}

export interface RunningWebhookReceiver {
  /** e.g. `http://127.0.0.1:8080`; deliveries go to `${url}/webhooks/${orgId}`. */
  readonly url: string;
  /**
   * Stops accepting, finishes requests in flight and forwarding turns, closes the Temporal
   * connection (not the database). Rows still pending are forwarded by the next receiver.
   */
  close(): Promise<void>;
}

const HOUR_MS = 3_600_000;

/**
 * Starts the webhook receiver: `POST /webhooks/:orgId` verifies a delivery and commits it to the
 * durable inbox (deduplicated), and a forwarder signal-with-starts the org's record-sync workflow
 * from there; `/healthz`, `/readyz` (PostgreSQL), `/metrics`. It accepts while Temporal is down
 * (the inbox holds what arrives until it is back) and answers 503 only while PostgreSQL is.
 *
 * @example
 * const receiver = await startWebhookReceiver({ db, cipher, temporal: { address: 'localhost:7233',
 *   namespace: 'default' }, taskQueue: 'sync-engine', port: 8080, maxBodyBytes: 65_536,
 *   toleranceSeconds: 300, logger });
 * // sandbox: admin.patchOrg('org1', { webhooks: { url: `${receiver.url}/webhooks/${orgId}` } })
 * await receiver.close();
 */
export async function startWebhookReceiver(options: WebhookReceiverOptions): Promise<RunningWebhookReceiver> {
  const timeoutMs = options.dependencyTimeoutMs ?? 3_000;
  const logger = options.logger.child({ component: 'webhooks' });
  const temporal = new TemporalSignaller(options.temporal, options.taskQueue, timeoutMs);
  const forwarder = new InboxForwarder(options.db, temporal, logger, options.forwarder);
  const app = Fastify({ logger: false, bodyLimit: options.maxBodyBytes });
  registerWebhookRoute(app, {
    db: options.db,
    orgs: new WebhookOrgCache(options.db, options.cipher, options.orgRecheckMs),
    inbox: forwarder,
    toleranceSeconds: options.toleranceSeconds,
    maxBodyBytes: options.maxBodyBytes,
    logger,
    unsafeTestSwitches: options.unsafeTestSwitches,
  });
  registerHealthRoutes(app, {
    registry,
    // Intake needs PostgreSQL only; a Temporal outage shows as inbox backlog in /metrics.
    probes: {
      database: async () => {
        await withTimeout(sql`select 1`.execute(options.db), timeoutMs, 'PostgreSQL');
      },
    },
  });
  const pruner = startDeliveryPruner(options.db, logger, {
    everyMs: options.pruneEveryMs ?? HOUR_MS,
    retentionMs: options.deliveryRetentionMs ?? 72 * HOUR_MS,
  });
  const close = async () => {
    await app.close();
    await Promise.all([pruner.stop(), forwarder.stop()]);
    await temporal.close();
  };
  try {
    await app.listen({ port: options.port, host: options.host ?? '0.0.0.0' });
  } catch (err) {
    await close();
    throw err;
  }
  forwarder.start();
  const { address, port } = app.server.address() as AddressInfo;
  const host = address === '0.0.0.0' || address === '::' ? '127.0.0.1' : address;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info(
    { url, temporal: options.temporal.address, taskQueue: options.taskQueue },
    'webhook receiver listening',
  );
  let closing: Promise<void> | undefined;
  return { url, close: () => (closing ??= close()) };
}
