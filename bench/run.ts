/**
 * The benchmark suite: `npm run bench` (full sizes) or `npm run bench -- --quick` (under 3 minutes).
 * Starts real servers in a temp folder (Temporal dev server, PostgreSQL unless DATABASE_URL, the
 * sandbox API and engine processes, all under watchdogs), runs every scenario, stops everything,
 * and writes bench/results/latest.{json,md,svg}. `--only a,b` runs some scenarios and prints their
 * results instead of writing them. See bench/options.ts.
 */
import { CommanderError } from 'commander';
import path from 'node:path';
import { projectRoot } from '../config/project-root.cjs';
import { type BenchOptions, BenchUsageError, parseBenchOptions } from './options';
import type { BenchResults, ScenarioResults } from './report/bench-results';
import { environmentAtStart, finishEnvironment } from './report/environment';
import { markdownReport } from './report/markdown-report';
import { evaluateTargets } from './report/targets';
import { writeReports } from './report/write-reports';
import { createBenchContext, SCENARIOS } from './scenarios';
import { benchSizes } from './sizes';
import { type BenchStack, startBenchStack } from './stack/bench-stack';
import { describePostgres } from './stack/postgres-description';

const log = (message: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseBenchOptions(process.argv.slice(2));
  } catch (err) {
    if (err instanceof CommanderError) return 0;
    if (!(err instanceof BenchUsageError)) throw err;
    process.stderr.write(`bench: ${err.message}\n`);
    return 2;
  }
  const sizes = benchSizes(options.quick);
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  log('sampling how busy the machine is');
  const start = await environmentAtStart(options.quick, command, options.temporalDb, options.workerHeapMb);
  const startedMs = performance.now();
  log('starting Temporal, PostgreSQL and the sandbox');
  const stack = await startBenchStack({
    databaseUrl: process.env.DATABASE_URL || undefined,
    workerNodeArgs: [
      ...(options.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(options.cpuProfileDir)] : []),
      ...(options.workerHeapMb > 0 ? [`--max-old-space-size=${options.workerHeapMb}`] : []),
    ],
    temporalDb: options.temporalDb,
  });
  stopOnSignals(stack);
  const sections: ScenarioResults = {};
  let postgres: string;
  try {
    postgres = await describePostgres(stack.db, stack.embeddedDatabase);
    const context = createBenchContext(stack, sizes, log);
    for (const scenario of SCENARIOS) {
      if (options.only && !options.only.includes(scenario.name)) continue;
      log(`▶ ${scenario.name}`);
      const started = performance.now();
      (sections as Record<string, unknown>)[scenario.name] = await scenario.run(context);
      log(`✔ ${scenario.name} (${Math.round((performance.now() - started) / 1000)} s)`);
    }
  } finally {
    log('stopping every process');
    await stack.stop();
  }
  const results: BenchResults = {
    environment: finishEnvironment(start, startedMs, postgres),
    ...sections,
    targets: evaluateTargets(sections, sizes),
  };
  if (options.only) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } else {
    for (const file of writeReports(results, path.join(projectRoot(), 'bench', 'results')))
      log(`wrote ${file}`);
    process.stdout.write(markdownReport(results));
  }
  return 0;
}

/** Ctrl-C or SIGTERM: stop every server and engine process (their watchdogs stop them even if we die). */
function stopOnSignals(stack: BenchStack): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping every process`);
      void stack.stop().finally(() => process.exit(130));
    });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
