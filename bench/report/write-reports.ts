import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchResults } from './bench-results';
import { markdownReport } from './markdown-report';
import { svgReport } from './svg-report';

/**
 * Writes `latest.{json,md,svg}` into `dir`, and the same as `quick.*` or `full.*`, so a quick check
 * does not hide the last full run (the README shows `full.md`); returns their paths.
 */
export function writeReports(results: BenchResults, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const reports: [string, string][] = [
    ['json', `${JSON.stringify(results, null, 2)}\n`],
    ['md', markdownReport(results)],
    ['svg', svgReport(results)],
  ];
  const files = ['latest', results.environment.quick ? 'quick' : 'full'].flatMap((base) =>
    reports.map(([extension, content]): [string, string] => [`${base}.${extension}`, content]),
  );
  return files.map(([name, content]) => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return file;
  });
}
