import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics. Workers count what they sync; the webhook receiver counts
 * outcomes. Labels carry org ids, entity names and classes: never record contents.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'sync_engine_process_' });

export const recordsSynced = new Counter({
  name: 'sync_engine_records_total',
  help: 'Records processed by syncs, by outcome (upserted, unchanged, quarantined, deleted, revived)',
  labelNames: ['org', 'entity', 'kind', 'outcome'] as const,
  registers: [registry],
});

export const pagesSynced = new Counter({
  name: 'sync_engine_pages_total',
  help: 'Pages fetched and committed by syncs',
  labelNames: ['org', 'entity', 'kind'] as const,
  registers: [registry],
});

export const apiErrors = new Counter({
  name: 'sync_engine_api_errors_total',
  help: 'API errors by class (retryable, rate-limited, auth, not-found, fatal)',
  labelNames: ['org', 'class'] as const,
  registers: [registry],
});

export const rateLimitWaitSeconds = new Counter({
  name: 'sync_engine_rate_limit_wait_seconds_total',
  help: 'Seconds requests were held back by the org rate budget or a Retry-After',
  labelNames: ['org'] as const,
  registers: [registry],
});

export const webhookOutcomes = new Counter({
  name: 'sync_engine_webhooks_total',
  help: 'Webhook requests by outcome (accepted, duplicate, bad_signature, stale, too_large, malformed, unknown_org, unavailable)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const syncDurationSeconds = new Histogram({
  name: 'sync_engine_activity_duration_seconds',
  help: 'Duration of sync activity calls, by kind',
  labelNames: ['kind'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
  registers: [registry],
});

export const webhookInboxPending = new Gauge({
  name: 'sync_engine_webhook_inbox_pending',
  help: 'Accepted webhook deliveries not yet handed to Temporal (all orgs), as of the last sweep',
  registers: [registry],
});

export const webhookInboxOldestPendingSeconds = new Gauge({
  name: 'sync_engine_webhook_inbox_oldest_pending_seconds',
  help: 'Age of the oldest accepted webhook delivery not yet handed to Temporal (0 when none)',
  registers: [registry],
});

export const webhookInboxForwarded = new Counter({
  name: 'sync_engine_webhook_inbox_forwarded_total',
  help: 'Inbox deliveries handed to Temporal by this process',
  registers: [registry],
});
