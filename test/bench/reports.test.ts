import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { markdownReport } from '../../bench/report/markdown-report';
import { svgReport } from '../../bench/report/svg-report';
import { writeReports } from '../../bench/report/write-reports';
import { quickResults } from './bench-fixture';

describe('bench reports', () => {
  it('tables every scenario and every target, met or missed, with the conditions of the run', () => {
    const markdown = markdownReport(quickResults());
    expect(markdown).toContain('### Benchmark results (quick run, 2026-11-27)');
    expect(markdown).toContain('| full sync, 1 org × 100,000 records | engine ÷ direct copy | **0.91** |');
    expect(markdown).toContain('unnest, 2,000-row batches, 2 conn.');
    expect(markdown).toContain('| worker peak RSS, reconciliation | ≤ 300 MB | 350 MB | ❌ missed |');
    expect(markdown).toContain('80 / 150 / 300 ms (500 ms)');
    // The best database-limit variant was measured twice: 60,000 and 54,000 rows/s.
    expect(markdown).toContain('differed by up to 10 %');
  });

  it('tables the webhook restart phases: latency, what the sender went through, changes lost', () => {
    const markdown = markdownReport(quickResults());
    const temporal = 'webhooks, 50/s for 20 s, Temporal restarted after 5 s (back in 2.4 s)';
    expect(markdown).toContain(
      `| ${temporal} | sandbox send → row committed, p50 / p95 / p99 (max) | 90 / 2,400 / 3,100 ms (3,600 ms) |`,
    );
    expect(markdown).toContain(
      `| ${temporal} | sender: attempts refused / retried, deliveries given up; changes lost | 150 / 150, 0; 0 of 1,000 |`,
    );
    expect(markdown).toContain('PostgreSQL restarted after 5 s (back in 1.2 s)');
    expect(markdown).toContain('| webhook changes lost across a PostgreSQL restart | ≤ 0 | 0 | ✅ met |');
    expect(markdown).toContain('Webhook restart phases: own stack: Temporal dev server on a SQLite file');
    expect(markdown).toContain('Their latency has no target');
  });

  it('draws an SVG chart of the key numbers', () => {
    const svg = svgReport(quickResults());
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('</svg>');
    expect(svg).toContain('engine (Temporal, end to end)');
    expect(svg).toContain('Temporal restart, p99');
    expect(svg).toContain('PostgreSQL restart, max');
  });

  it('writes latest.json, latest.md and latest.svg, and the same as quick.*', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bench-reports-'));
    try {
      const files = writeReports(quickResults(), dir);
      expect(files.map((file) => path.basename(file))).toEqual(
        ['latest', 'quick'].flatMap((base) => [`${base}.json`, `${base}.md`, `${base}.svg`]),
      );
      expect(readFileSync(path.join(dir, 'quick.md'), 'utf8')).toBe(
        readFileSync(path.join(dir, 'latest.md'), 'utf8'),
      );
      const json = JSON.parse(readFileSync(path.join(dir, 'latest.json'), 'utf8')) as {
        fullSync: Record<string, number>;
      };
      for (const key of [
        'engineRecordsPerSec',
        'directRecordsPerSec',
        'dbLimitRecordsPerSec',
        'ratioToDirect',
        'ratioToDbLimit',
      ])
        expect(typeof json.fullSync[key]).toBe('number');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
