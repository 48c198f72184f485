import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CommanderError } from 'commander';
import { BenchUsageError, DEPLOYED_WORKER_HEAP_MB, parseBenchOptions } from '../../bench/options';
import { mapLimit } from '../../bench/util/map-limit';
import { percentile, round } from '../../bench/util/stats';

describe('parseBenchOptions', () => {
  it('defaults to the full run of every scenario', () => {
    expect(parseBenchOptions([])).toEqual({
      quick: false,
      temporalDb: 'memory',
      workerHeapMb: DEPLOYED_WORKER_HEAP_MB,
    });
  });

  it('reads --quick, --only, --cpu-prof and --temporal-db', () => {
    expect(
      parseBenchOptions([
        '--quick',
        '--only',
        'fullSync, memory',
        '--cpu-prof',
        'profiles',
        '--temporal-db',
        'file',
      ]),
    ).toEqual({
      quick: true,
      only: ['fullSync', 'memory'],
      cpuProfileDir: 'profiles',
      temporalDb: 'file',
      workerHeapMb: DEPLOYED_WORKER_HEAP_MB,
    });
  });

  it('reads --worker-heap-mb as a number of megabytes, 0 for unbounded', () => {
    expect(parseBenchOptions(['--worker-heap-mb', '192'])).toMatchObject({ workerHeapMb: 192 });
    expect(parseBenchOptions(['--worker-heap-mb', '0'])).toMatchObject({ workerHeapMb: 0 });
    expect(() => parseBenchOptions(['--worker-heap-mb', 'lots'])).toThrow(/--worker-heap-mb: /);
    expect(() => parseBenchOptions(['--worker-heap-mb', '32'])).toThrow(/--worker-heap-mb: .*64 to 16384/);
  });

  it("bounds the workers' heap as the Kubernetes deployment does, unless told otherwise", () => {
    const manifest = readFileSync(path.join(__dirname, '../../deploy/k8s/worker-deployment.yaml'), 'utf8');
    expect(manifest).toContain(`--max-old-space-size=${DEPLOYED_WORKER_HEAP_MB}`);
    expect(parseBenchOptions([])).toMatchObject({ workerHeapMb: DEPLOYED_WORKER_HEAP_MB });
  });

  it('refuses a Temporal store it does not know', () => {
    expect(() => parseBenchOptions(['--temporal-db', 'disk'])).toThrow(/--temporal-db: /);
  });

  it('refuses an unknown scenario or option with a message naming it', () => {
    expect(() => parseBenchOptions(['--only', 'fullsync'])).toThrow(BenchUsageError);
    expect(() => parseBenchOptions(['--only', 'fullsync'])).toThrow(/--only/);
    expect(() => parseBenchOptions(['--fast'])).toThrow(/unknown option '--fast'/);
  });

  it('lets --help through as help, not as a usage error', () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(() => parseBenchOptions(['--help'])).toThrow(CommanderError);
    } finally {
      write.mockRestore();
    }
  });
});

describe('bench statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 0)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
    expect(round(0.12345, 3)).toBe(0.123);
  });

  it('maps with bounded concurrency, results in item order', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapLimit([5, 1, 4, 2, 3], 2, async (value) => {
      peak = Math.max(peak, ++running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      return value * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });
});
