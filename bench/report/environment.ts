import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import os from 'node:os';
import type { BenchEnvironment } from './bench-results';
import { DEPLOYED_WORKER_HEAP_MB } from '../options';
import { round } from '../util/stats';

/** What is known before the run starts; completed by `finishEnvironment`. */
export type EnvironmentAtStart = Omit<BenchEnvironment, 'durationSeconds' | 'loadAverageEnd' | 'postgres'>;

/** The machine, and how busy other processes keep it (sampled for `sampleMs` before anything starts). */
export async function environmentAtStart(
  quick: boolean,
  command: string,
  temporalDb: 'memory' | 'file',
  workerHeapMb: number,
  sampleMs = 2_000,
): Promise<EnvironmentAtStart> {
  const before = cpuTimes();
  await sleep(sampleMs);
  const after = cpuTimes();
  const total = after.total - before.total;
  return {
    date: new Date().toISOString(),
    quick,
    command,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: round(os.totalmem() / 1024 ** 3, 1),
    temporal:
      temporalDb === 'memory'
        ? 'temporal server start-dev, in-memory SQLite, throwaway'
        : 'temporal server start-dev, SQLite file, throwaway',
    workers:
      workerHeapMb > 0
        ? `node --max-old-space-size=${workerHeapMb}${workerHeapMb === DEPLOYED_WORKER_HEAP_MB ? ' (as deployed)' : ''}`
        : 'node, heap sized by Node from this machine',
    cpuBusyBeforeStart: total > 0 ? round(1 - (after.idle - before.idle) / total, 3) : 0,
    loadAverageStart: os.loadavg().map((value) => round(value, 2)),
  };
}

export function finishEnvironment(
  start: EnvironmentAtStart,
  startedMs: number,
  postgres: string,
): BenchEnvironment {
  return {
    ...start,
    postgres,
    durationSeconds: round((performance.now() - startedMs) / 1000, 1),
    loadAverageEnd: os.loadavg().map((value) => round(value, 2)),
  };
}

/** Jiffies of all CPUs together: idle (idle + iowait) and total, from /proc/stat. */
function cpuTimes(): { idle: number; total: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return { idle: (fields[3] ?? 0) + (fields[4] ?? 0), total: fields.reduce((sum, value) => sum + value, 0) };
}
