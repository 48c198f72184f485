import { Command } from 'commander';
import { z } from 'zod';
import { DEFAULT_ADMIN_TOKEN, MAX_RECORDS_PER_ORG, type OrgSummary, PAGINATION_STYLES } from './admin-api';
import { usageErrorOf } from '../client/cli/flag-names';
import { CONNECTOR_NAMES } from './entities/connectors';
import { type RunningSandbox, startSandbox } from './index';

/** Options as commander hands them over: strings, validated below. */
interface RawSandboxOptions {
  readonly port: string;
  readonly host: string;
  readonly orgs: string;
  readonly recordsPerOrg: string;
  readonly seed: string;
  readonly connector: string;
  readonly pagination: string;
  readonly mutationsPerMinute: string;
  readonly adminToken: string;
  readonly stateFile?: string;
}

const wholeNumber = (min: number, max: number) =>
  z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().min(min).max(max));

const sandboxOptions = z.object({
  port: wholeNumber(0, 65_535),
  host: z.string().min(1),
  orgs: wholeNumber(0, 1000),
  recordsPerOrg: wholeNumber(1, MAX_RECORDS_PER_ORG),
  seed: wholeNumber(0, Number.MAX_SAFE_INTEGER),
  connector: z.enum(CONNECTOR_NAMES),
  pagination: z.enum([...PAGINATION_STYLES, 'mixed']),
  mutationsPerMinute: wholeNumber(0, 600_000),
  adminToken: z.string().min(1),
  stateFile: z.string().min(1).optional(),
});

export interface SandboxCommandDeps {
  /** Resolves when the sandbox should stop; default: on SIGINT or SIGTERM. */
  readonly waitForStop?: (sandbox: RunningSandbox) => Promise<unknown>;
}

/** `sync-engine sandbox`: runs the simulated third-party API until interrupted. */
export function sandboxCommand(deps: SandboxCommandDeps = {}): Command {
  return new Command('sandbox')
    .description('run the simulated third-party SaaS API: multi-tenant, deterministic from a seed, hostile')
    .option('--port <port>', 'TCP port (0 picks a free one)', '4010')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--orgs <n>', 'organizations to create (org1…orgN; 0: none, add them with the admin API)', '3')
    .option('--records-per-org <n>', 'records seeded per organization', '10000')
    .option('--seed <n>', 'seed of the generated data (org n gets seed + n - 1)', '1')
    .option('--connector <name>', `entity graph every org serves: ${CONNECTOR_NAMES.join(' or ')}`, 'hr')
    .option('--pagination <style>', 'cursor, page, link, or mixed (rotates per org)', 'mixed')
    .option('--mutations-per-minute <n>', 'background changes per org per minute', '0')
    .option('--admin-token <token>', 'bearer token of the admin API', DEFAULT_ADMIN_TOKEN)
    .option(
      '--state-file <file>',
      'keep orgs, credentials and records in this file: resume from it when it exists (no seeding), save on stop and every 10 s',
    )
    .action(async function (this: Command, raw: RawSandboxOptions) {
      const parsed = sandboxOptions.safeParse(raw);
      if (!parsed.success) this.error(`error: ${usageErrorOf(parsed.error).message}`, { exitCode: 2 });
      const options = parsed.data;
      const sandbox = await startSandbox({
        port: options.port,
        host: options.host,
        seed: options.seed,
        adminToken: options.adminToken,
        stateFile: options.stateFile,
        orgs: Array.from({ length: options.orgs }, (_, index) => ({
          id: `org${index + 1}`,
          connector: options.connector,
          records: options.recordsPerOrg,
          pagination:
            options.pagination === 'mixed'
              ? (PAGINATION_STYLES[index % PAGINATION_STYLES.length] ?? 'cursor')
              : options.pagination,
        })),
      });
      try {
        if (options.mutationsPerMinute > 0) {
          for (const org of sandbox.orgs) {
            await sandbox.admin.patchOrg(org.id, { mutations: { perMinute: options.mutationsPerMinute } });
          }
        }
        process.stdout.write(describe(sandbox, await sandbox.admin.listOrgs(), options.stateFile));
        await (deps.waitForStop ?? waitForStopSignal)(sandbox);
        process.stdout.write('Stopping…\n');
      } finally {
        await sandbox.stop();
      }
    });
}

function describe(
  sandbox: RunningSandbox,
  orgs: readonly OrgSummary[],
  stateFile: string | undefined,
): string {
  const rows = [
    ['org', 'connector', 'pagination', 'token', 'webhook secret'],
    ...sandbox.orgs.map((org) => [org.id, org.connector, org.pagination, org.token, org.webhookSecret]),
  ];
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const table = rows.map((row) =>
    `  ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')}`.trimEnd(),
  );
  // A resumed org keeps the rate it was saved with, so rates may differ.
  const rates = new Set(orgs.map((org) => org.mutations.perMinute));
  const mutations =
    rates.size === 1
      ? `${[...rates].join('')} per org per minute`
      : `${orgs.map((org) => `${org.id} ${org.mutations.perMinute}`).join(', ')} per minute`;
  return [
    `Sandbox API on ${sandbox.url}`,
    `  admin token: ${sandbox.adminToken} (Authorization: Bearer … on /admin)`,
    `  background mutations: ${mutations}`,
    ...(stateFile === undefined
      ? []
      : [`  state file: ${stateFile} (${sandbox.resumed ? 'resumed from it' : 'new'}; saved on stop)`]),
    ...table,
    'Ctrl-C stops it.',
    '',
  ].join('\n');
}

function waitForStopSignal(): Promise<NodeJS.Signals> {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      for (const other of signals) process.off(other, stop);
      resolve(signal);
    };
    for (const signal of signals) process.on(signal, stop);
  });
}
