import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../config/project-root.cjs';
import { describeReasons, type ProcessExit, type RefusalReport } from '../invariants/webhook-delivery';

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
  readonly webhooks: {
    sent: number;
    duplicated: number;
    delivered: number;
    /** Valid deliveries the sender gave up on (must be 0). */
    failed: number;
    /** Bad (forged, stale, malformed…) webhooks the chaos flood sent, each refused as it must be. */
    refused: Record<string, number>;
    /** The receiver's refusals of valid deliveries: attempts by status and the longest window. */
    validRefused: RefusalReport;
    /** Set if the receiver process died during the run (must be null). */
    receiverExit: ProcessExit | null;
  };
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
    `| valid webhook attempts refused (by status) | ${describeReasons(results.webhooks.validRefused.byReason)} |`,
    `| longest refusal of valid webhooks | ${describeWindow(results.webhooks.validRefused.longest)} |`,
    ...(results.webhooks.receiverExit
      ? [`| webhook receiver died | exit code ${results.webhooks.receiverExit.code ?? 'none'} at ${results.webhooks.receiverExit.at} |`]
      : []),
    `| bad webhooks refused | ${Object.entries(results.webhooks.refused).map(([k, v]) => `${k} ${v}`).join(', ')} |`,
    `| differences at the end (drift / pending) | ${results.differencesFound.drift} / ${results.differencesFound.pending} |`,
    `| invariants | ${Object.entries(results.invariants).map(([k, v]) => `${k} ${v}`).join(', ')} |`,
    ...(results.failures.length ? ['', 'Failures:', ...results.failures.map((f) => `- ${f}`)] : []),
    '',
  ].join('\n');
  write('md', summary);
  return summary;
}

/** `12.3 s (t3, 10:40:01 to 10:40:13)`; an open window ends `still refusing`. */
function describeWindow(window: RefusalReport['longest']): string {
  if (!window) return 'none';
  const time = (iso: string) => iso.slice(11, 19);
  return `${window.seconds.toFixed(1)} s (${window.org}, ${time(window.from)} to ${window.to ? time(window.to) : 'still refusing'})`;
}
