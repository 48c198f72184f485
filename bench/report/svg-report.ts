import type { BenchResults } from './bench-results';
import { formatNumber as n } from './format';
import { type ChartBar, type ChartPanel, renderBarChart } from './svg-chart';
import type { TargetOutcome } from './targets';

/** `bench/results/latest.svg`: engine vs baselines and every other key number, against its target. */
export function svgReport(results: BenchResults): string {
  const env = results.environment;
  const target = (key: string): ChartBar['target'] => {
    const found: TargetOutcome | undefined = results.targets.find((outcome) => outcome.key === key);
    return found ? { bound: found.bound, comparison: found.comparison } : undefined;
  };
  const panels: ChartPanel[] = [];
  const {
    fullSync: full,
    manyOrgs: many,
    deltaCycle: delta,
    webhookLatency: hooks,
    memory,
    history,
  } = results;
  if (full) {
    panels.push(
      {
        title: `Full sync of ${n(full.records)} records (records/s, higher is better)`,
        bars: [
          {
            label: 'engine (Temporal, end to end)',
            value: full.engineRecordsPerSec,
            text: n(full.engineRecordsPerSec),
          },
          {
            label: 'direct copy (no Temporal)',
            value: full.directRecordsPerSec,
            text: n(full.directRecordsPerSec),
          },
          {
            label: `database limit (${full.dbLimitBest.method}, ${n(full.dbLimitBest.batchSize)} rows)`,
            value: full.dbLimitRecordsPerSec,
            text: n(full.dbLimitRecordsPerSec),
          },
        ],
      },
      {
        title: 'Engine ÷ baseline (dashed: target)',
        bars: [
          {
            label: 'engine ÷ direct copy',
            value: full.ratioToDirect,
            text: n(full.ratioToDirect, 2),
            target: target('fullSync.ratioToDirect'),
          },
          {
            label: 'engine ÷ database limit',
            value: full.ratioToDbLimit,
            text: n(full.ratioToDbLimit, 2),
            target: target('fullSync.ratioToDbLimit'),
          },
        ],
      },
    );
  }
  if (many) {
    panels.push({
      title: `${n(many.orgs)} orgs × ${n(many.recordsPerOrg)} records, full syncs at once (records/s)`,
      bars: [
        { label: '1 worker', value: many.oneWorker.recordsPerSec, text: n(many.oneWorker.recordsPerSec) },
        { label: '2 workers', value: many.twoWorkers.recordsPerSec, text: n(many.twoWorkers.recordsPerSec) },
      ],
    });
  }
  if (delta) {
    panels.push({
      title: `Delta of every one of ${n(delta.orgs)} orgs (seconds, lower is better)`,
      bars: [
        { label: '1 worker', value: delta.oneWorkerSeconds, text: `${n(delta.oneWorkerSeconds, 1)} s` },
        {
          label: '2 workers',
          value: delta.twoWorkersSeconds,
          text: `${n(delta.twoWorkersSeconds, 1)} s`,
          target: target('deltaCycle.twoWorkersSeconds'),
        },
      ],
    });
  }
  if (hooks) {
    panels.push({
      title: `Webhook send → row committed, ${hooks.eventsPerSecond} events/s (ms)`,
      bars: [
        { label: 'p50', value: hooks.p50Ms, text: `${n(hooks.p50Ms)} ms` },
        { label: 'p95', value: hooks.p95Ms, text: `${n(hooks.p95Ms)} ms` },
        {
          label: 'p99',
          value: hooks.p99Ms,
          text: `${n(hooks.p99Ms)} ms`,
          target: target('webhookLatency.p99Ms'),
        },
      ],
    });
    const { temporal, postgres } = hooks.restarts;
    panels.push({
      title: 'Webhook send → row committed across restarts, p99 and max (ms)',
      bars: [
        { label: 'calm, p99', value: hooks.p99Ms, text: `${n(hooks.p99Ms)} ms` },
        { label: 'Temporal restart, p99', value: temporal.p99Ms, text: `${n(temporal.p99Ms)} ms` },
        { label: 'Temporal restart, max', value: temporal.maxMs, text: `${n(temporal.maxMs)} ms` },
        { label: 'PostgreSQL restart, p99', value: postgres.p99Ms, text: `${n(postgres.p99Ms)} ms` },
        { label: 'PostgreSQL restart, max', value: postgres.maxMs, text: `${n(postgres.maxMs)} ms` },
      ],
    });
  }
  if (memory) {
    panels.push({
      title: 'Worker peak RSS (MB)',
      bars: [
        {
          label: `full sync, ${n(memory.reconciledIds)} records`,
          value: memory.fullSyncPeakRssMb,
          text: `${n(memory.fullSyncPeakRssMb)} MB`,
          target: target('memory.fullSyncPeakRssMb'),
        },
        {
          label: `reconciliation, ${n(memory.reconciledIds)} ids`,
          value: memory.reconcilePeakRssMb,
          text: `${n(memory.reconcilePeakRssMb)} MB`,
          target: target('memory.reconcilePeakRssMb'),
        },
      ],
    });
  }
  if (history) {
    panels.push({
      title: 'Temporal history events per 10,000 records',
      bars: [
        {
          label: 'full sync',
          value: history.fullEventsPer10kRecords,
          text: n(history.fullEventsPer10kRecords),
          target: target('history.fullEventsPer10kRecords'),
        },
        {
          label: 'delta, 1% changed',
          value: history.deltaEventsPer10kRecords,
          text: n(history.deltaEventsPer10kRecords),
        },
        {
          label: 'reconciliation',
          value: history.reconcileEventsPer10kRecords,
          text: n(history.reconcileEventsPer10kRecords),
        },
      ],
    });
  }
  const met = results.targets.filter((outcome) => outcome.met).length;
  return renderBarChart(
    `Sync engine benchmark (${env.quick ? 'quick' : 'full'} run, ${env.date.slice(0, 10)})`,
    `${env.cpus} cores, Node.js ${env.node}, ${env.postgres}; targets met: ${met} of ${results.targets.length} (green met, red missed)`,
    panels,
  );
}
