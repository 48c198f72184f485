import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchResults } from './bench-results';
import { markdownReport } from './markdown-report';
import { svgReport } from './svg-report';

/** Writes `latest.json`, `latest.md` and `latest.svg` into `dir`; returns their paths. */
export function writeReports(results: BenchResults, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    ['latest.json', `${JSON.stringify(results, null, 2)}\n`],
    ['latest.md', markdownReport(results)],
    ['latest.svg', svgReport(results)],
  ];
  return files.map(([name, content]) => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return file;
  });
}
