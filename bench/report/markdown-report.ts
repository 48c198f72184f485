import type { BenchResults } from './bench-results';
import { formatBound, formatNumber as n } from './format';

type Row = readonly [scenario: string, measure: string, result: string];

/** The Markdown the README shows: what was measured, the targets met or missed, the conditions. */
export function markdownReport(results: BenchResults): string {
  const { environment: env } = results;
  const lines = [
    `### Benchmark results (${env.quick ? 'quick' : 'full'} run, ${env.date.slice(0, 10)})`,
    '',
    `\`${env.command}\` on ${env.cpus} cores (${env.cpuModel}), ${n(env.memoryGb)} GB, Node.js ${env.node}; ` +
      `PostgreSQL: ${env.postgres}; Temporal: ${env.temporal}; workers: ${env.workers}. Took ${n(env.durationSeconds / 60, 1)} min.`,
    '',
    '| scenario | measure | result |',
    '| --- | --- | --- |',
    ...scenarioRows(results).map((row) => `| ${row.join(' | ')} |`),
    '',
    '#### Targets',
    '',
    '| target | bound | this run | |',
    '| --- | --- | --- | --- |',
    ...results.targets.map(
      (target) =>
        `| ${target.label} | ${formatBound(target.comparison, target.bound, target.unit)}${target.note ? ` (${target.note})` : ''} | ` +
        `${n(target.value, Number.isInteger(target.value) ? 0 : 2)}${target.unit ? ` ${target.unit}` : ''} | ${target.met ? '✅ met' : '❌ missed'} |`,
    ),
    '',
    ...(results.webhookLatency
      ? [
          `Webhook restart phases: ${results.webhookLatency.restarts.stack}. Their latency has no target ` +
            '(it follows how long the server is away and the sender’s backoff); the target is that no change is lost.',
          '',
        ]
      : []),
    noiseNote(results),
    '',
  ];
  return lines.join('\n');
}

function latencies(phase: { p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number }): string {
  return `${n(phase.p50Ms)} / ${n(phase.p95Ms)} / ${n(phase.p99Ms)} ms (${n(phase.maxMs)} ms)`;
}

function scenarioRows(results: BenchResults): Row[] {
  const rows: Row[] = [];
  const {
    fullSync: full,
    manyOrgs: many,
    deltaCycle: delta,
    webhookLatency: hooks,
    memory,
    history,
  } = results;
  if (full) {
    const scenario = `full sync, 1 org × ${n(full.records)} records`;
    const best = full.dbLimitBest;
    rows.push(
      [
        scenario,
        'engine (Temporal, 1 worker), end to end',
        `${n(full.engineRecordsPerSec)} records/s (${n(full.engineSeconds, 1)} s)`,
      ],
      [
        scenario,
        'direct copy: same API client and upsert, no Temporal',
        `${n(full.directRecordsPerSec)} records/s (${n(full.directSeconds, 1)} s)`,
      ],
      [
        scenario,
        `database limit: same rows and upsert, no API (best: ${best.method}, ${n(best.batchSize)}-row batches, ${best.connections} conn.)`,
        `${n(full.dbLimitRecordsPerSec)} rows/s`,
      ],
      [scenario, 'engine ÷ direct copy', `**${n(full.ratioToDirect, 2)}**`],
      [scenario, 'engine ÷ database limit', `**${n(full.ratioToDbLimit, 2)}**`],
    );
  }
  if (many) {
    const scenario = `many orgs, ${n(many.orgs)} × ${n(many.recordsPerOrg)} records, full syncs at once`;
    rows.push(
      [
        scenario,
        '1 worker',
        `${n(many.oneWorker.recordsPerSec)} records/s (${n(many.oneWorker.seconds, 1)} s)`,
      ],
      [
        scenario,
        '2 workers',
        `${n(many.twoWorkers.recordsPerSec)} records/s (${n(many.twoWorkers.seconds, 1)} s), ×${n(many.speedup, 2)}`,
      ],
    );
  }
  if (delta) {
    const scenario = `delta cycle, ${n(delta.orgs)} orgs × ${n(delta.recordsPerOrg)} records, ${n(delta.changedPerOrg)} changed in each`;
    rows.push(
      [scenario, 'one delta of every org, 1 worker', `${n(delta.oneWorkerSeconds, 1)} s`],
      [
        scenario,
        'one delta of every org, 2 workers',
        `${n(delta.twoWorkersSeconds, 1)} s, ×${n(delta.speedup, 2)}`,
      ],
    );
  }
  if (hooks) {
    rows.push([
      `webhooks, ${hooks.eventsPerSecond}/s for ${hooks.seconds} s (${n(hooks.events)} events)`,
      'sandbox send → row committed, p50 / p95 / p99 (max)',
      latencies(hooks),
    ]);
    for (const [server, phase] of [
      ['Temporal', hooks.restarts.temporal],
      ['PostgreSQL', hooks.restarts.postgres],
    ] as const) {
      const scenario =
        `webhooks, ${hooks.eventsPerSecond}/s for ${phase.seconds} s, ${server} restarted after ` +
        `${phase.restartAtSeconds} s (back in ${n(phase.restartSeconds, 1)} s)`;
      rows.push(
        [scenario, 'sandbox send → row committed, p50 / p95 / p99 (max)', latencies(phase)],
        [
          scenario,
          'sender: attempts refused / retried, deliveries given up; changes lost',
          `${n(phase.sender.refused)} / ${n(phase.sender.retried)}, ${n(phase.sender.gaveUp)}; ` +
            `${n(phase.missing)} of ${n(phase.events)}`,
        ],
      );
    }
  }
  if (memory) {
    rows.push(
      [
        'memory',
        `worker peak RSS, full sync of ${n(memory.reconciledIds)} records`,
        `${n(memory.fullSyncPeakRssMb)} MB`,
      ],
      [
        'memory',
        `worker peak RSS, reconciliation of ${n(memory.reconciledIds)} ids`,
        `${n(memory.reconcilePeakRssMb)} MB (${n(memory.reconcileSeconds, 1)} s)`,
      ],
    );
  }
  if (history) {
    const scenario = `Temporal history, ${n(history.records)}-record org`;
    rows.push(
      [scenario, 'events per 10,000 records: full sync', n(history.fullEventsPer10kRecords)],
      [scenario, 'events per 10,000 records: delta (1% changed)', n(history.deltaEventsPer10kRecords)],
      [scenario, 'events per 10,000 records: reconciliation', n(history.reconcileEventsPer10kRecords)],
    );
  }
  return rows;
}

/** How much to trust the numbers: the machine is shared, so say how busy it was. */
function noiseNote(results: BenchResults): string {
  const { environment: env, fullSync } = results;
  const load = (values: readonly number[]) => values.map((value) => n(value, 2)).join(' / ');
  const parts = [
    `Noise: other processes used ${n(env.cpuBusyBeforeStart * 100)} % of the CPUs just before the run;`,
    `load average ${load(env.loadAverageStart)} at the start, ${load(env.loadAverageEnd)} at the end (1 / 5 / 15 min).`,
  ];
  const spread = fullSync ? repeatSpread(fullSync.dbLimitVariants) : undefined;
  if (spread !== undefined)
    parts.push(
      `The database-limit variants measured twice on the same rows differed by up to ${n(spread)} % between their runs.`,
    );
  parts.push("Ratios are taken within one run; absolute rates move with the machine's load.");
  return parts.join(' ');
}

/** Largest relative difference between two measurements of the same database-limit variant, in %. */
function repeatSpread(
  variants: readonly {
    method: string;
    batchSize: number;
    connections: number;
    rows: number;
    rowsPerSecond: number;
  }[],
): number | undefined {
  const byKey = new Map<string, number[]>();
  for (const v of variants) {
    const key = `${v.method}/${v.batchSize}/${v.connections}/${v.rows}`;
    byKey.set(key, [...(byKey.get(key) ?? []), v.rowsPerSecond]);
  }
  const spreads = [...byKey.values()]
    .filter((rates) => rates.length > 1)
    .map((rates) => ((Math.max(...rates) - Math.min(...rates)) / Math.max(...rates)) * 100);
  return spreads.length === 0 ? undefined : Math.max(...spreads);
}
