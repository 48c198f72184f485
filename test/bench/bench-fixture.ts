import type { BenchResults } from '../../bench/report/bench-results';
import { evaluateTargets } from '../../bench/report/targets';
import { benchSizes } from '../../bench/sizes';

/** A complete quick run's results, numbers made up but shaped as `npm run bench -- --quick` writes them. */
export function quickResults(overrides: Partial<BenchResults> = {}): BenchResults {
  const sections = {
    fullSync: {
      records: 100_000,
      engineRecordsPerSec: 30_000,
      directRecordsPerSec: 33_000,
      dbLimitRecordsPerSec: 60_000,
      ratioToDirect: 0.909,
      ratioToDbLimit: 0.5,
      engineSeconds: 3.33,
      directSeconds: 3.03,
      engineHistoryEvents: 40,
      dbLimitBest: { method: 'unnest' as const, batchSize: 2_000, connections: 2 },
      dbLimitVariants: [
        {
          method: 'unnest' as const,
          batchSize: 2_000,
          connections: 2,
          rows: 50_000,
          seconds: 0.8,
          rowsPerSecond: 60_000,
        },
        {
          method: 'unnest' as const,
          batchSize: 2_000,
          connections: 2,
          rows: 50_000,
          seconds: 0.9,
          rowsPerSecond: 54_000,
        },
      ],
    },
    memory: {
      fullSyncPeakRssMb: 180,
      reconcilePeakRssMb: 350,
      reconciledIds: 100_000,
      reconcileSeconds: 4,
      reconcileHistoryEvents: 30,
    },
    history: {
      records: 10_000,
      fullEvents: 34,
      deltaEvents: 16,
      reconcileEvents: 34,
      fullEventsPer10kRecords: 34,
      deltaEventsPer10kRecords: 16,
      reconcileEventsPer10kRecords: 34,
    },
    manyOrgs: {
      orgs: 20,
      recordsPerOrg: 2_000,
      oneWorker: { seconds: 4, recordsPerSec: 10_000 },
      twoWorkers: { seconds: 3, recordsPerSec: 13_333 },
      speedup: 1.33,
    },
    deltaCycle: {
      orgs: 200,
      recordsPerOrg: 1_000,
      changedPerOrg: 10,
      setupSeconds: 20,
      oneWorkerSeconds: 9,
      twoWorkersSeconds: 7,
      speedup: 1.29,
    },
    webhookLatency: {
      eventsPerSecond: 50,
      seconds: 20,
      events: 1_000,
      committed: 1_000,
      p50Ms: 80,
      p95Ms: 150,
      p99Ms: 300,
      maxMs: 500,
    },
  };
  return {
    environment: {
      date: '2026-11-27T01:00:00.000Z',
      quick: true,
      command: 'npm run bench -- --quick',
      durationSeconds: 170,
      node: 'v20.19.0',
      platform: 'linux x64',
      cpus: 2,
      cpuModel: 'test CPU',
      memoryGb: 24,
      postgres: 'PostgreSQL 15',
      temporal: 'dev server 1.32.0',
      workers: 'node --max-old-space-size=256 (as deployed)',
      cpuBusyBeforeStart: 0.05,
      loadAverageStart: [0.5, 0.4, 0.3],
      loadAverageEnd: [1.5, 1, 0.6],
    },
    ...sections,
    targets: evaluateTargets(sections, benchSizes(true)),
    ...overrides,
  };
}
