import type { Scenario } from './bench-context';
import { deltaCycleScenario } from './delta-cycle.scenario';
import { fullSyncScenario } from './full-sync.scenario';
import { historyScenario } from './history.scenario';
import { manyOrgsScenario } from './many-orgs.scenario';
import { memoryScenario } from './memory.scenario';
import { webhookLatencyScenario } from './webhook-latency.scenario';

export { createBenchContext, type BenchContext } from './bench-context';

/** Every scenario in run order: memory reuses the full sync's big org before anything empties the tables. */
export const SCENARIOS: readonly Scenario<unknown>[] = [
  fullSyncScenario,
  memoryScenario,
  historyScenario,
  manyOrgsScenario,
  deltaCycleScenario,
  webhookLatencyScenario,
];
