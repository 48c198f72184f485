import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../config/project-root.cjs';

export interface ChaosResults {
  readonly profile: string;
  readonly passed: boolean;
  readonly unsafeSwitches: string[];
  readonly startedAt: string;
  readonly durationSeconds: number;
  readonly orgs: number;
  readonly records: number;
  readonly kills: number;
  readonly gracefulTerminations: number;
  /** Workers frozen (SIGSTOP) for a while, then thawed. */
  readonly stalls: number;
  readonly workersStarted: number;
  readonly temporalRestarts: number;
  readonly postgresRestarts: number;
  readonly faultsInjected: Record<string, number>;
  readonly syncsTriggered: Record<string, number>;
  readonly webhooks: { sent: number; duplicated: number; delivered: number; failed: number; refused: Record<string, number> };
  readonly differencesFound: { drift: number; pending: number; afterDeltaDrift: number };
  readonly invariants: Record<string, number>;
  readonly failures: string[];
}

/**
 * Writes `chaos/results/latest.json` and `latest.md` (the summary the README shows), and the same
 * as `<profile>.*`, so that the last ci and full runs both stay on record. A run with unsafe switches
 * writes only `<profile>-unsafe-<switches>.*`: it never replaces a real run's results.
 */
export function writeChaosResults(
  results: ChaosResults,
  folder = path.join(projectRoot(), 'chaos', 'results'),
): string {
  mkdirSync(folder, { recursive: true });
  const names = results.unsafeSwitches.length
    ? [`${results.profile}-unsafe-${results.unsafeSwitches.join('+')}`]
    : ['latest', results.profile];
  const write = (extension: string, text: string) => {
    for (const name of names) writeFileSync(path.join(folder, `${name}.${extension}`), text);
  };
  write('json', `${JSON.stringify(results, null, 2)}\n`);
  const summary = [
    `Chaos run (${results.profile} profile${results.unsafeSwitches.length ? `, unsafe: ${results.unsafeSwitches.join(', ')}` : ''}): **${results.passed ? 'passed' : 'FAILED'}** in ${results.durationSeconds} s, ${results.startedAt}`,
    '',
    '| measure | value |',
    '| --- | --- |',
    `| organizations / records | ${results.orgs} / ${results.records} |`,
    `| workers SIGKILLed / SIGTERMed / frozen / started | ${results.kills} / ${results.gracefulTerminations} / ${results.stalls} / ${results.workersStarted} |`,
    `| Temporal / PostgreSQL restarts | ${results.temporalRestarts} / ${results.postgresRestarts} |`,
    `| API faults injected | ${Object.entries(results.faultsInjected).map(([k, v]) => `${k} ${v}`).join(', ')} |`,
    `| syncs triggered | ${Object.entries(results.syncsTriggered).map(([k, v]) => `${k} ${v}`).join(', ')} |`,
    `| webhooks sent / duplicated / delivered / gave up | ${results.webhooks.sent} / ${results.webhooks.duplicated} / ${results.webhooks.delivered} / ${results.webhooks.failed} |`,
    `| bad webhooks refused | ${Object.entries(results.webhooks.refused).map(([k, v]) => `${k} ${v}`).join(', ')} |`,
    `| differences at the end (drift / pending) | ${results.differencesFound.drift} / ${results.differencesFound.pending} |`,
    `| invariants | ${Object.entries(results.invariants).map(([k, v]) => `${k} ${v}`).join(', ')} |`,
    ...(results.failures.length ? ['', 'Failures:', ...results.failures.map((f) => `- ${f}`)] : []),
    '',
  ].join('\n');
  write('md', summary);
  return summary;
}
