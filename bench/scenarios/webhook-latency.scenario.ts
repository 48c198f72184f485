import { setTimeout as sleep } from 'node:timers/promises';
import { pollUntil } from '../../devstack/poll';
import type { SandboxAdminClient } from '../../sandbox';
import { createBenchOrgs } from '../engine/bench-orgs';
import { type CommitListener, listenForCommits } from '../engine/commit-listener';
import { BenchCheckError } from '../errors';
import { startWebhookReceiverProcess } from '../stack/webhook-receiver-process';
import { withWorkers } from '../stack/worker-fleet';
import { percentile, round } from '../util/stats';
import type { Scenario } from './bench-context';

export interface WebhookLatencyResult {
  readonly eventsPerSecond: number;
  readonly seconds: number;
  /** Changes made at the source in the measured window (each sends one webhook). */
  readonly events: number;
  /** Row versions committed for them (the latency samples). */
  readonly committed: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** A change the benchmark asked the sandbox for: it happened at `sentMs` or just after. */
interface SentEvent {
  readonly id: string;
  readonly sentMs: number;
}

/**
 * Webhook-driven record syncs at a steady rate: the sandbox updates one person every 1/rate
 * seconds and sends its webhook at once; the receiver (its own process) signals the org's
 * record-sync workflow, the worker fetches the record and upserts it. Latency runs from the change
 * at the sandbox (the record's `updated_at`, which the webhook is sent at) to the commit of that
 * version, seen through a LISTEN on a commit trigger.
 */
export const webhookLatencyScenario: Scenario<WebhookLatencyResult> = {
  name: 'webhookLatency',
  async run(context) {
    const { stack } = context;
    const { eventsPerSecond, seconds, warmupSeconds, orgRecords } = context.sizes.webhookLatency;
    const [org] = await createBenchOrgs(stack, 'webhooks', 1, orgRecords);
    const sandboxOrgId = org!.sandboxOrg.id;
    const listener = await listenForCommits(stack);
    try {
      const receiver = await startWebhookReceiverProcess(stack);
      try {
        return await withWorkers(stack, 1, async () => {
          await stack.sandbox.admin.patchOrg(sandboxOrgId, {
            webhooks: { url: `${receiver.url}/webhooks/${org!.orgId}` },
          });
          context.log(
            `webhooks: ${eventsPerSecond}/s, ${warmupSeconds} s warm-up, then ${seconds} s measured`,
          );
          await awaitCommitted(
            listener,
            await sendUpdates(stack.sandbox.admin, sandboxOrgId, eventsPerSecond, warmupSeconds),
          );
          const windowStart = Date.now();
          const events = await sendUpdates(stack.sandbox.admin, sandboxOrgId, eventsPerSecond, seconds);
          await awaitCommitted(listener, events);
          const latencies = listener.commits
            .filter((commit) => commit.sourceUpdatedMs >= windowStart)
            .map((commit) => commit.seenMs - commit.sourceUpdatedMs);
          return {
            eventsPerSecond,
            seconds,
            events: events.length,
            committed: latencies.length,
            p50Ms: percentile(latencies, 50),
            p95Ms: percentile(latencies, 95),
            p99Ms: percentile(latencies, 99),
            maxMs: round(Math.max(...latencies)),
          };
        });
      } finally {
        await receiver.process.stop();
      }
    } finally {
      await listener.close();
    }
  },
};

/** Updates one random person of the org every 1/rate seconds, on a fixed schedule (no drift). */
async function sendUpdates(
  admin: SandboxAdminClient,
  sandboxOrgId: string,
  perSecond: number,
  seconds: number,
): Promise<SentEvent[]> {
  const started = performance.now();
  const sent: Promise<SentEvent[]>[] = [];
  for (let index = 0; index < perSecond * seconds; index++) {
    const wait = started + (index * 1_000) / perSecond - performance.now();
    if (wait > 0) await sleep(wait);
    const sentMs = Date.now();
    sent.push(
      admin
        .mutate(sandboxOrgId, { updates: 1, entity: 'people' })
        .then((result) => result.updated.map((id) => ({ id, sentMs }))),
    );
  }
  return (await Promise.all(sent)).flat();
}

/** Waits until each event's version (or a newer one) of its record has been committed. */
async function awaitCommitted(listener: CommitListener, events: readonly SentEvent[]): Promise<void> {
  const missing = () => {
    const newest = new Map<string, number>();
    for (const commit of listener.commits)
      newest.set(commit.externalId, Math.max(newest.get(commit.externalId) ?? 0, commit.sourceUpdatedMs));
    return events.filter((event) => (newest.get(event.id) ?? 0) < event.sentMs).length;
  };
  try {
    await pollUntil(() => missing() === 0, { description: 'every webhook to be synced', timeoutMs: 30_000 });
  } catch {
    throw new BenchCheckError(`${missing()} of ${events.length} changes were never synced`, 'webhooks');
  }
}
