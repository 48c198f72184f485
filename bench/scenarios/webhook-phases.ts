import { setTimeout as sleep } from 'node:timers/promises';
import { pollUntil } from '../../devstack/poll';
import { emptyOrgStats, type WebhookCounters } from '../../sandbox/stats/sandbox-stats';
import { createBenchOrgs } from '../engine/bench-orgs';
import { type CommitLatency, commitLatency, type SentEvent, uncommitted } from '../engine/commit-latency';
import { type CommitListener, listenForCommits } from '../engine/commit-listener';
import { type SenderPhaseStats, senderPhaseStats } from '../engine/sender-stats';
import { BenchCheckError } from '../errors';
import type { BenchStack } from '../stack/bench-stack';
import { startWebhookReceiverProcess } from '../stack/webhook-receiver-process';
import { withWorkers } from '../stack/worker-fleet';

/** One measured stretch of webhook traffic: send → commit of every change, and the sender's view. */
export interface WebhookPhaseResult extends CommitLatency {
  readonly seconds: number;
  readonly sender: SenderPhaseStats;
}

/** One org whose webhooks go to a receiver process, a worker, and a listener on the commits. */
export interface WebhookRig {
  readonly stack: BenchStack;
  readonly sandboxOrgId: string;
  readonly listener: CommitListener;
}

/** Sets up a rig on `stack` (org, receiver, one worker, commit listener), runs `work`, tears it down. */
export async function withWebhookRig<T>(
  stack: BenchStack,
  orgPrefix: string,
  orgRecords: number,
  work: (rig: WebhookRig) => Promise<T>,
): Promise<T> {
  const [org] = await createBenchOrgs(stack, orgPrefix, 1, orgRecords);
  const sandboxOrgId = org!.sandboxOrg.id;
  const listener = await listenForCommits(stack);
  try {
    const receiver = await startWebhookReceiverProcess(stack);
    try {
      return await withWorkers(stack, 1, async () => {
        await stack.sandbox.admin.patchOrg(sandboxOrgId, {
          webhooks: { url: `${receiver.url}/webhooks/${org!.orgId}` },
        });
        return work({ stack, sandboxOrgId, listener });
      });
    } finally {
      await receiver.process.stop();
    }
  } finally {
    await listener.close();
  }
}

/**
 * Sends `perSecond` changes for `seconds` (running `during` alongside), waits up to `settleMs`
 * for every one to commit, and measures. A change that never commits fails the benchmark: the
 * phase's numbers go into the error.
 */
export async function measurePhase(
  rig: WebhookRig,
  perSecond: number,
  seconds: number,
  settleMs: number,
  during: () => Promise<unknown> = () => Promise.resolve(),
): Promise<WebhookPhaseResult> {
  const before = await senderCounters(rig);
  const [events] = await Promise.all([sendUpdates(rig, perSecond, seconds), during()]);
  await awaitCommitted(rig.listener, events, settleMs).catch(() => undefined);
  await rig.listener.listening();
  const result = {
    seconds,
    ...commitLatency(events, rig.listener.commits),
    sender: senderPhaseStats(before, await senderCounters(rig)),
  };
  if (result.missing > 0)
    throw new BenchCheckError(
      `${result.missing} of ${result.events} changes were never synced (sender: ${JSON.stringify(result.sender)})`,
      'webhooks',
    );
  return result;
}

/** Changes before a measurement (the record-sync workflow starts, the worker warms up), all committed. */
export async function warmUp(rig: WebhookRig, perSecond: number, seconds: number): Promise<void> {
  const events = await sendUpdates(rig, perSecond, seconds);
  try {
    await awaitCommitted(rig.listener, events, 30_000);
  } catch {
    const missing = uncommitted(events, rig.listener.commits);
    throw new BenchCheckError(`${missing} of ${events.length} warm-up changes were never synced`, 'webhooks');
  }
}

async function senderCounters(rig: WebhookRig): Promise<WebhookCounters> {
  const stats = await rig.stack.sandbox.admin.stats();
  return stats.orgs[rig.sandboxOrgId]?.webhooks ?? emptyOrgStats().webhooks;
}

/** Updates one random person of the org every 1/rate seconds, on a fixed schedule (no drift). */
async function sendUpdates(rig: WebhookRig, perSecond: number, seconds: number): Promise<SentEvent[]> {
  const started = performance.now();
  const sent: Promise<SentEvent[]>[] = [];
  for (let index = 0; index < perSecond * seconds; index++) {
    const wait = started + (index * 1_000) / perSecond - performance.now();
    if (wait > 0) await sleep(wait);
    const sentMs = Date.now();
    sent.push(
      rig.stack.sandbox.admin
        .mutate(rig.sandboxOrgId, { updates: 1, entity: 'people' })
        .then((result) => result.updated.map((id) => ({ id, sentMs }))),
    );
  }
  return (await Promise.all(sent)).flat();
}

/** Waits until each event's version (or a newer one) of its record has been committed. */
function awaitCommitted(listener: CommitListener, events: readonly SentEvent[], timeoutMs: number) {
  return pollUntil(() => uncommitted(events, listener.commits) === 0, {
    description: 'every webhook to be synced',
    timeoutMs,
    intervalMs: 250,
  });
}
