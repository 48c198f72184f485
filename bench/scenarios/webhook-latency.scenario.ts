import { setTimeout as sleep } from 'node:timers/promises';
import { startBenchStack } from '../stack/bench-stack';
import { round } from '../util/stats';
import type { BenchContext, Scenario } from './bench-context';
import { measurePhase, warmUp, type WebhookPhaseResult, withWebhookRig } from './webhook-phases';

/** A phase during which one server is stopped and started again on its state. */
export interface WebhookRestartPhaseResult extends WebhookPhaseResult {
  /** Seconds into the phase when the server was stopped. */
  readonly restartAtSeconds: number;
  /** From the stop until the started server answered again. */
  readonly restartSeconds: number;
  /** Times the commit listener had reconnected by the end of the phase (it must survive PostgreSQL's restart). */
  readonly listenerReconnects: number;
}

/** The calm phase's numbers stay at the top level (as before the restart phases; its p99 has the target). */
export interface WebhookLatencyResult extends WebhookPhaseResult {
  readonly eventsPerSecond: number;
  readonly restarts: {
    /** The servers the restart phases ran on (not the calm phase's: those may not be restartable). */
    readonly stack: string;
    readonly temporal: WebhookRestartPhaseResult;
    readonly postgres: WebhookRestartPhaseResult;
  };
}

/** How the restart phases' own stack runs: restartable on its state, so not what the calm phase uses. */
export const RESTART_STACK =
  'own stack: Temporal dev server on a SQLite file (restarted on it, same port), embedded PostgreSQL (fast shutdown, same data and port)';

/**
 * Webhook-driven record syncs at a steady rate: the sandbox updates one person every 1/rate
 * seconds and sends its webhook at once; the receiver (its own process) hands it on, the worker
 * fetches the record and upserts it. Latency runs from the change's send to the commit of that
 * version, seen through a LISTEN on a commit trigger. First calm, on the run's stack; then on a
 * stack of its own, restartable on its state, with the Temporal server restarted during one phase
 * and PostgreSQL during the next. Every change must commit in the end, or the scenario fails.
 */
export const webhookLatencyScenario: Scenario<WebhookLatencyResult> = {
  name: 'webhookLatency',
  async run(context) {
    const { eventsPerSecond, seconds, warmupSeconds, orgRecords } = context.sizes.webhookLatency;
    context.log(`webhooks: ${eventsPerSecond}/s, ${warmupSeconds} s warm-up, then ${seconds} s measured`);
    const calm = await withWebhookRig(context.stack, 'webhooks', orgRecords, async (rig) => {
      await warmUp(rig, eventsPerSecond, warmupSeconds);
      return measurePhase(rig, eventsPerSecond, seconds, 30_000);
    });
    const restarts = await measureRestarts(context);
    return { eventsPerSecond, ...calm, restarts };
  },
};

async function measureRestarts(context: BenchContext): Promise<WebhookLatencyResult['restarts']> {
  const sizes = context.sizes.webhookLatency;
  const { eventsPerSecond: rate, restartPhaseSeconds: seconds, restartAtSeconds: at } = sizes;
  context.log('webhooks across restarts: starting a stack with Temporal on a file and embedded PostgreSQL');
  const stack = await startBenchStack({ temporalDb: 'file', workerNodeArgs: context.stack.workerNodeArgs });
  try {
    return await withWebhookRig(stack, 'webhooks-restarts', sizes.orgRecords, async (rig) => {
      await warmUp(rig, rate, sizes.warmupSeconds);
      // The sender's retries span ~16 s; a backlog on top of that is worked off well within 2 min.
      const phase = async (server: 'Temporal' | 'PostgreSQL', restart: () => Promise<void>) => {
        context.log(`webhooks: ${rate}/s for ${seconds} s, ${server} restarted after ${at} s`);
        let restartSeconds = Number.NaN;
        const measured = await measurePhase(rig, rate, seconds, 120_000, async () => {
          await sleep(at * 1_000);
          const stoppedMs = performance.now();
          await restart();
          restartSeconds = round((performance.now() - stoppedMs) / 1_000, 2);
          context.log(`${server} back after ${restartSeconds} s`);
        });
        return {
          ...measured,
          restartAtSeconds: at,
          restartSeconds,
          listenerReconnects: rig.listener.reconnects,
        };
      };
      const temporal = await phase('Temporal', () => stack.restartTemporal());
      const postgres = await phase('PostgreSQL', () => stack.restartPostgres());
      return { stack: RESTART_STACK, temporal, postgres };
    });
  } finally {
    await stack.stop();
  }
}
