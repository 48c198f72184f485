import type { DeltaCycleResult } from '../scenarios/delta-cycle.scenario';
import type { FullSyncResult } from '../scenarios/full-sync.scenario';
import type { HistoryResult } from '../scenarios/history.scenario';
import type { ManyOrgsResult } from '../scenarios/many-orgs.scenario';
import type { MemoryResult } from '../scenarios/memory.scenario';
import type { WebhookLatencyResult } from '../scenarios/webhook-latency.scenario';
import type { TargetOutcome } from './targets';

/** Where and how the numbers were taken: absolute numbers mean little without it. */
export interface BenchEnvironment {
  readonly date: string;
  readonly quick: boolean;
  readonly command: string;
  readonly durationSeconds: number;
  readonly node: string;
  readonly platform: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGb: number;
  readonly postgres: string;
  readonly temporal: string;
  /** How the worker processes ran, e.g. their heap bound. */
  readonly workers: string;
  /** Share of CPU time other processes used during 2 s before the run: how busy the shared machine was. */
  readonly cpuBusyBeforeStart: number;
  readonly loadAverageStart: readonly number[];
  readonly loadAverageEnd: readonly number[];
}

/** The scenarios' sections, each present when the scenario ran. */
export interface ScenarioResults {
  fullSync?: FullSyncResult;
  memory?: MemoryResult;
  history?: HistoryResult;
  manyOrgs?: ManyOrgsResult;
  deltaCycle?: DeltaCycleResult;
  webhookLatency?: WebhookLatencyResult;
}

/** `bench/results/latest.json`. */
export interface BenchResults extends ScenarioResults {
  readonly environment: BenchEnvironment;
  readonly targets: readonly TargetOutcome[];
}
