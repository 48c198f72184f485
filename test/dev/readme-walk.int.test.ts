import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { orgListOutput, verifyOutput } from '../../client/cli/output-schemas';
import { projectRoot } from '../../config/project-root.cjs';
import { loadOrCreateDevSecretKey } from '../../config/secret-key';
import { getConnector } from '../../connectors/registry';
import { DEV_STOP_GRACE_MS } from '../../client/dev/dev-stop';
import { readDevSettings } from '../../devstack/dev-settings';
import { pollUntil } from '../../devstack/poll';
import { SandboxAdminClient } from '../../sandbox/admin-client';
import {
  DEV_ENV,
  type DevProcess,
  interruptAndWait,
  killAll,
  newDataDir,
  printed,
  running,
  runCommand,
  type ServerProcess,
  spawnServer,
  startDev,
  stopServer,
} from './dev-process';
import { documentedCommands, quickStartCommands } from '../harness/readme-commands';

const README = readFileSync(path.join(projectRoot(), 'README.md'), 'utf8');

/** One documented command run as a user would, and the exit code the README promises for it. */
interface Step {
  readonly command: string;
  readonly argv: readonly string[];
  readonly exitCode: 0 | 1 | 2;
}

/**
 * A new user's walk: the Quick start exactly as written (`dev` on its defaults, then the commands
 * "in another terminal"), then every command of the README's Commands table, each with the exit
 * code the README documents (0 success, 1 failure or drift, 2 usage error).
 */
describe('a new user walks through the README', () => {
  const dataDir = newDataDir();
  let dev: DevProcess | undefined;
  const servers: ServerProcess[] = [];

  afterAll(async () => {
    for (const server of servers) await stopServer(server, 'SIGKILL');
    await killAll(dev, dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('every documented command exits as documented', async () => {
    const [devArgv, ...otherTerminal] = quickStartCommands(README);
    expect(devArgv).toEqual(['dev']);
    dev = startDev(dataDir, { asDocumented: true });
    await running(dev, 'dev to start');
    const devSettings = readDevSettings(dataDir)!;
    const orgs = orgListOutput.parse(JSON.parse((await cli(['org', 'list', '--json'])).stdout));
    expect(orgs.length).toBeGreaterThan(0);
    const org = orgs[0]!;
    const entities = getConnector(org.connector)
      .entitiesInOrder()
      .map((entity) => entity.name);

    // The Quick start's second terminal, word for word but for the org id and the data folder.
    const ran = new Set<string>(['dev']);
    for (const argv of otherTerminal) {
      const args = argv.map((word) => (word === '<id>' ? org.id : word === '.sync-engine' ? dataDir : word));
      const result = await runCommand(args);
      // Progress bars go to stderr; warnings and errors must not.
      const complaints = result.stderr.split('\n').filter((line) => /error|warn/i.test(line));
      expect({ argv, code: result.code, complaints }).toEqual({ argv, code: 0, complaints: [] });
      ran.add(commandOf(args));
    }

    const sandbox = new SandboxAdminClient(devSettings.sandbox!.url, devSettings.sandbox!.adminToken);
    const tenant = await sandbox.createOrg({ connector: org.connector as 'hr', records: 2_000 });
    const steps: Step[] = [
      step('org list', ['org', 'list'], 0),
      step('status', ['status', '--org', org.id, '--json'], 0),
      step('sync full', ['sync', 'full', '--org', org.id, '--entity', entities[0]!, '--wait'], 0),
      step('sync delta', ['sync', 'delta', '--org', org.id, '--wait', '--json'], 0),
      step('sync reconcile', ['sync', 'reconcile', '--org', org.id, '--wait'], 0),
      step('reconcile approve', ['reconcile', 'approve', '--org', org.id], 0),
      step('quarantine list', ['quarantine', 'list', '--org', org.id], 0),
      step('quarantine retry', ['quarantine', 'retry', '--org', org.id], 0),
      step('schedules apply', ['schedules', 'apply'], 0),
      step('schedules list', ['schedules', 'list', '--org', org.id], 0),
      step('schedules pause', ['schedules', 'pause', '--org', org.id], 0),
      step('schedules resume', ['schedules', 'resume', '--org', org.id], 0),
      step('schedules trigger', ['schedules', 'trigger', '--org', org.id], 0),
      step('migrate', ['migrate'], 0),
      step(
        'org add',
        [
          'org',
          'add',
          '--id',
          'walk-org',
          '--name',
          'Walk',
          '--api-url',
          devSettings.sandbox!.url,
          '--token',
          tenant.token,
          '--connector',
          org.connector,
          '--webhook-secret',
          tenant.webhookSecret,
          // One request a second: its initial full sync is still running when it is cancelled.
          '--requests-per-second',
          '1',
        ],
        0,
      ),
      step('org show', ['org', 'show', 'walk-org', '--json'], 0),
      step('sync full', ['sync', 'full', '--org', 'walk-org'], 0),
      step('sync cancel', ['sync', 'cancel', '--org', 'walk-org', '--kind', 'full'], 0),
      step('sync cancel', ['sync', 'cancel', '--org', 'walk-org', '--kind', 'delta'], 1),
      step(
        'org update',
        ['org', 'update', 'walk-org', '--requests-per-second', '50', '--timezone', 'Europe/Berlin'],
        0,
      ),
      step('org remove', ['org', 'remove', 'walk-org', '--purge'], 0),
      // Usage errors: exit 2, nothing started.
      step('org add', ['org', 'add', '--name', 'No URL'], 2),
      step('org add', ['org', 'add', '--name', 'x', '--api-url', 'ftp://x', '--token', 't'], 2),
      step('sync full', ['sync', 'full'], 2),
      step('verify', ['verify', '--org', 'does-not-exist'], 2),
      step('verify', ['verify', '--org', org.id, '--entity', 'nonsense'], 2),
      step('status', ['status', '--org', 'does-not-exist'], 2),
      step('quarantine list', ['quarantine', 'list', '--org', 'does-not-exist'], 2),
      step('sync full', ['sync', 'full', '--org', org.id, '--entity', 'nonsense'], 2),
      step('sync full', ['sync', 'full', '--org', 'does-not-exist'], 2),
      step('org show', ['org', 'show', 'does-not-exist'], 2),
      step('org update', ['org', 'update', org.id], 2),
      step(
        'org add',
        [
          'org',
          'add',
          '--name',
          'x',
          '--api-url',
          'http://x',
          '--token',
          't',
          '--connector',
          'hr',
          '--id',
          org.id,
        ],
        2,
      ),
      step('org remove', ['org', 'remove', 'does-not-exist'], 2),
    ];
    for (const { command, argv, exitCode } of steps) {
      const result = await cli(argv);
      const output = result.code === exitCode ? {} : { stdout: result.stdout, stderr: result.stderr };
      expect({ command, argv, code: result.code, ...output }).toEqual({ command, argv, code: exitCode });
      if (exitCode === 2) expect(result.stderr).not.toBe('');
      ran.add(command);
    }

    // The long-running commands start, serve, and stop cleanly on SIGTERM.
    const devEnvironment = {
      ...DEV_ENV,
      DATABASE_URL: devSettings.databaseUrl,
      TEMPORAL_ADDRESS: devSettings.temporalAddress,
      SYNC_ENGINE_SECRET_KEY: loadOrCreateDevSecretKey(dataDir),
      METRICS_PORT: '0',
    };
    const longRunning: [string, readonly string[], NodeJS.ProcessEnv, string | RegExp][] = [
      ['worker', ['worker'], devEnvironment, 'worker started'],
      ['webhooks', ['webhooks', '--port', '0', '--data-dir', dataDir], DEV_ENV, 'webhook receiver listening'],
      [
        'sandbox',
        ['sandbox', '--port', '0', '--orgs', '1', '--records-per-org', '10'],
        DEV_ENV,
        /127\.0\.0\.1:\d+/,
      ],
    ];
    for (const [command, argv, env, marker] of longRunning) {
      const server = spawnServer(argv, env);
      servers.push(server);
      await printed(server, marker, `${command} to start`);
      expect({ command, code: await stopServer(server, 'SIGTERM') }).toEqual({ command, code: 0 });
      ran.add(command);
    }

    // After all that, the demo org is still exact (verify's exit code is meant for alerting).
    const report = await pollUntil(
      async () => {
        const result = await cli(['verify', '--org', org.id, '--json']);
        return result.code === 0 ? verifyOutput.parse(JSON.parse(result.stdout)) : undefined;
      },
      { description: `verify of ${org.id} to exit 0`, timeoutMs: 60_000, intervalMs: 1_000 },
    );
    expect(report.drift).toBe(0);

    expect(documentedCommands(README).filter((command) => !ran.has(command))).toEqual([]);

    // Ctrl-C stops every process dev started.
    expect((await interruptAndWait(dev, dataDir, DEV_STOP_GRACE_MS)).code).toBe(0);
  });

  function cli(argv: readonly string[]) {
    return runCommand([...argv, ...(needsDataDir(argv) ? ['--data-dir', dataDir] : [])]);
  }
});

function step(command: string, argv: readonly string[], exitCode: 0 | 1 | 2): Step {
  expect(argv.join(' ').startsWith(command)).toBe(true);
  return { command, argv, exitCode };
}

/** Every command but the servers (`worker`, `sandbox`) takes `--data-dir`. */
function needsDataDir(argv: readonly string[]): boolean {
  return !['worker', 'sandbox'].includes(argv[0]!) && !argv.includes('--data-dir');
}

/** The command path of an argv (`sync delta --org x` → `sync delta`). */
function commandOf(argv: readonly string[]): string {
  const path = argv.slice(
    0,
    ['org', 'sync', 'schedules', 'quarantine', 'reconcile'].includes(argv[0]!) ? 2 : 1,
  );
  return path.join(' ');
}
