import { Command, CommanderError } from 'commander';
import { z } from 'zod';

/** Every scenario, in the order a full run takes them (later ones reuse what earlier ones set up). */
export const SCENARIO_NAMES = [
  'fullSync',
  'memory',
  'history',
  'manyOrgs',
  'deltaCycle',
  'webhookLatency',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

const benchOptions = z.strictObject({
  quick: z.boolean(),
  only: z.array(z.enum(SCENARIO_NAMES)).min(1).optional(),
  cpuProfileDir: z.string().min(1).optional(),
  temporalDb: z.enum(['memory', 'file']),
  workerHeapMb: z.coerce
    .number()
    .int()
    .refine((mb) => mb === 0 || (mb >= 64 && mb <= 16_384), 'a number of megabytes, 64 to 16384 (or 0)'),
});
export type BenchOptions = z.output<typeof benchOptions>;

/**
 * The workers' V8 old space unless `--worker-heap-mb` says otherwise: what the Kubernetes deployment
 * gives them (`NODE_OPTIONS` in deploy/k8s/worker-deployment.yaml, a quarter of the pod's 1 GiB, as
 * Node itself would size it there). Unbounded, V8 sizes the heap from this machine's 24 GB and lets
 * garbage pile up to ~190 MB before collecting it; `--worker-heap-mb 0` measures that.
 */
export const DEPLOYED_WORKER_HEAP_MB = 256;

/** A command line the benchmark cannot run with; the message says why. */
export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
}

/**
 * `--quick` (small sizes, under 3 minutes), `--only fullSync,memory` (some scenarios: results go
 * to stdout, not to bench/results), `--cpu-prof <dir>` (worker processes write V8 CPU profiles there),
 * `--temporal-db memory|file` (the Temporal dev server's store; memory by default), `--worker-heap-mb N`
 * (workers run with `--max-old-space-size=N`; 0: unbounded; default as deployed).
 */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const command = new Command('bench')
    .description('measure the sync engine against its baselines on real servers')
    .option('--quick', 'small sizes (a few minutes)', false)
    .option('--only <scenarios>', `comma-separated subset of: ${SCENARIO_NAMES.join(', ')}`)
    .option('--cpu-prof <dir>', 'worker processes write V8 CPU profiles into this folder')
    .option(
      '--temporal-db <store>',
      "the Temporal dev server's store: memory, or file (SQLite on disk)",
      'memory',
    )
    .option(
      '--worker-heap-mb <mb>',
      "the workers' V8 old space (node --max-old-space-size); 0 leaves it to Node",
      String(DEPLOYED_WORKER_HEAP_MB),
    )
    .exitOverride()
    .configureOutput({ writeErr: () => undefined });
  try {
    command.parse([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError && err.code === 'commander.helpDisplayed') throw err;
    throw new BenchUsageError(err instanceof Error ? err.message : String(err));
  }
  const raw = command.opts<{
    quick: boolean;
    only?: string;
    cpuProf?: string;
    temporalDb: string;
    workerHeapMb: string;
  }>();
  const parsed = benchOptions.safeParse({
    quick: raw.quick,
    only: raw.only?.split(',').map((name) => name.trim()),
    cpuProfileDir: raw.cpuProf,
    temporalDb: raw.temporalDb,
    workerHeapMb: raw.workerHeapMb,
  });
  if (!parsed.success) {
    throw new BenchUsageError(
      parsed.error.issues.map((issue) => `${flagOf(issue.path[0])}: ${issue.message}`).join('; '),
    );
  }
  return parsed.data;
}

const FLAGS: Readonly<Record<string, string>> = {
  cpuProfileDir: '--cpu-prof',
  temporalDb: '--temporal-db',
  workerHeapMb: '--worker-heap-mb',
};

function flagOf(key: PropertyKey | undefined): string {
  return FLAGS[String(key)] ?? `--${String(key ?? '?')}`;
}
