import { Command } from 'commander';
import { CredentialsCipher } from '../db/credentials-cipher';
import { decodeSecretKey } from '../config/secret-key';
import type { OperationsContext } from '../client/operations/operations-context';
import { getConnector } from '../connectors/registry';
import { pollUntil } from '../devstack/poll';
import { type ChaosArgs, chaosArgs, PROFILES } from './chaos-profile';
import { calmSources, createChaosOrgs, fixMalformedRecords, unleashSources } from './chaos-orgs';
import { ChaosCluster } from './cluster/chaos-cluster';
import { seededRandom } from '../devstack/seeded-random';
import { every } from './faults/periodic';
import { BAD_WEBHOOKS, type BadWebhook, emptyFloodTally, sendBadWebhook } from './faults/webhook-flood';
import { finalChecks, runAndWait, waitForSyncsToSettle } from './final-checks';
import { installAuditTriggers } from './invariants/audit-triggers';
import { writeChaosResults } from './results/write-results';
import { SyncDriver } from './sync-driver';

const log = (line: string) =>
  process.stdout.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

/**
 * The chaos suite: real processes (Temporal dev server, PostgreSQL, ≥ 3 workers, the webhook
 * receiver, the sandbox with live mutations and webhooks) over ≥ 20 orgs, broken in every way
 * while full, delta, reconciliation and webhook syncs run; then calm, one delta and one
 * reconciliation per org, and the checks that nothing was lost, duplicated or corrupted.
 */
async function runChaos(args: ChaosArgs): Promise<boolean> {
  const profile = PROFILES[args.profile];
  const random = seededRandom(args.seed);
  const started = Date.now();
  const cluster = new ChaosCluster({ workers: profile.workers, unsafeSwitches: args.unsafe.join(',') });
  let passed = false;
  let keepFleet: NodeJS.Timeout | undefined;
  try {
    log(
      `starting ${profile.name} profile in ${cluster.workDir}${args.unsafe.length ? ` with UNSAFE ${args.unsafe.join(',')}` : ''}`,
    );
    await cluster.start();
    const key = decodeSecretKey(cluster.secretKey) as Buffer;
    const context: OperationsContext = {
      db: cluster.db,
      temporal: cluster.client,
      taskQueue: cluster.taskQueue,
      namespace: 'default',
      cipher: new CredentialsCipher(key),
      close: () => Promise.resolve(),
    };
    await installAuditTriggers(
      cluster.db,
      getConnector('hr').definition.entities.map((entity) => entity.table),
    );
    const orgs = await createChaosOrgs(cluster, context, profile, args.seed);
    log(`${orgs.length} orgs added; initial full syncs running`);
    await unleashSources(cluster, orgs, profile);

    const driver = new SyncDriver(context, orgs);
    await driver.chooseHotRecords(cluster.sandbox);
    const flood = emptyFloodTally();
    const badKinds = Object.keys(BAD_WEBHOOKS) as BadWebhook[];
    let stop = false;
    const stopped = () => stop;
    const restarts = async () => {
      const events = [
        ...Array.from({ length: profile.temporalRestarts }, () => 'temporal' as const),
        ...Array.from({ length: profile.postgresRestarts }, () => 'postgres' as const),
      ];
      const gap = profile.chaosMs / (events.length + 1);
      for (const [index, server] of events.entries()) {
        await new Promise((resolve) => setTimeout(resolve, gap - (index === 0 ? 0 : 5_000)));
        if (stop) return;
        log(`restarting ${server}`);
        if (server === 'temporal') await cluster.restartTemporal();
        else await cluster.restartPostgres();
      }
    };
    const loops = [
      every(profile.killEveryMs, stopped, () => {
        cluster.workers.killRandom(random);
        cluster.workers.fill(profile.workers);
        return Promise.resolve();
      }),
      every(profile.terminateEveryMs, stopped, async () => {
        await cluster.workers.terminateRandom(random);
        cluster.workers.fill(profile.workers);
      }),
      every(profile.stallEveryMs, stopped, () =>
        cluster.workers.stallRandom(random, 1_000 + random() * (profile.stallMaxMs - 1_000)),
      ),
      every(profile.hotUpdateEveryMs, stopped, () => driver.updateHotRecord(cluster.sandbox, random)),
      every(profile.deltaEveryMs, stopped, () => driver.nextDelta()),
      every(profile.reconcileEveryMs, stopped, () => driver.nextReconcile()),
      every(7_000, stopped, () => driver.corrupt(cluster.sandbox, random)),
      every(1_000 / profile.badWebhooksPerSecond, stopped, () =>
        sendBadWebhook(
          cluster.webhooksUrl,
          orgs[Math.floor(random() * orgs.length)]!,
          badKinds[Math.floor(random() * badKinds.length)]!,
          flood,
        ),
      ),
      restarts(),
    ];
    const progress = setInterval(() => {
      log(
        `workers killed ${cluster.workers.counts.killed}, deltas ${driver.tally.deltas}, reconciles ${driver.tally.reconciles}, bad webhooks ${Object.values(flood.sent).reduce((a, b) => a + b, 0)}`,
      );
    }, 30_000);
    await new Promise((resolve) => setTimeout(resolve, profile.chaosMs));
    stop = true;
    const loopFailures = await Promise.all(loops);
    clearInterval(progress);
    log(
      `chaos over (${loopFailures.reduce((a: number, b) => a + (b ?? 0), 0)} triggers hit a restarting server); calming the sources`,
    );

    // Until the end, a worker that dies on its own is replaced, as Kubernetes would: the checks
    // must not wait forever on an empty fleet.
    cluster.workers.fill(profile.workers);
    keepFleet = setInterval(() => cluster.workers.fill(profile.workers), 1_000);
    await pollUntil(() => cluster.sandbox.listOrgs().then(() => true), {
      description: 'the sandbox',
      timeoutMs: 30_000,
    });
    await calmSources(cluster, orgs);
    await waitForSyncsToSettle(cluster.client, cluster.taskQueue);
    // A record corrupted in the last seconds may not have been read yet: one delta of every org
    // reads each record still malformed (and must quarantine it) before the fix heals them all.
    log('sources calm; one delta of every org before the malformed records are fixed');
    await Promise.all(orgs.map((org) => runAndWait(context, 'delta', org.orgId)));
    const fixed = await fixMalformedRecords(cluster, orgs);
    await waitForSyncsToSettle(cluster.client, cluster.taskQueue);
    log('syncs settled; final delta, checks, reconciliation, checks');
    const findings = await finalChecks(cluster, context, orgs, stillMalformed(driver.corrupted, fixed));
    const stats = await cluster.sandbox.stats();
    const failures = [
      ...findings.failures,
      ...flood.wrong.map((wrong) => `bad webhook answered wrongly: ${wrong}`),
    ];
    passed = failures.length === 0;
    const summary = writeChaosResults({
      profile: profile.name,
      passed,
      unsafeSwitches: args.unsafe,
      startedAt: new Date(started).toISOString(),
      durationSeconds: Math.round((Date.now() - started) / 1000),
      orgs: orgs.length,
      records: orgs.reduce((sum, org) => sum + org.records, 0),
      kills: cluster.workers.counts.killed,
      gracefulTerminations: cluster.workers.counts.terminated,
      stalls: cluster.workers.counts.stalled,
      workersStarted: cluster.workers.counts.started,
      temporalRestarts: cluster.counts.temporalRestarts,
      postgresRestarts: cluster.counts.postgresRestarts,
      faultsInjected: stats.totals.faults,
      syncsTriggered: { ...driver.tally },
      webhooks: {
        sent: stats.totals.webhooks.sent,
        duplicated: stats.totals.webhooks.duplicated,
        delivered: stats.totals.webhooks.delivered,
        failed: stats.totals.webhooks.failed,
        refused: flood.sent,
        validRefused: findings.refusals,
        receiverExit: cluster.receiverExit,
      },
      differencesFound: findings.differences,
      invariants: {
        regressions: findings.audit.regressions,
        wrongfulDeletions: findings.audit.wrongfulDeletions,
        softDeletions: findings.audit.deletions,
        quarantined: findings.quarantine.quarantined,
        unresolvedQuarantine: findings.quarantine.unresolved,
        historiesScanned: findings.historiesScanned,
      },
      failures,
    });
    process.stdout.write(`\n${summary}\n`);
    return passed;
  } finally {
    clearInterval(keepFleet);
    const keepWorkDir = !passed || args.keepWorkDir;
    await cluster.stop({ keepWorkDir });
    if (keepWorkDir) log(`logs kept in ${cluster.workDir}`);
  }
}

/** The corrupted records (`entity/id`) that were still malformed when the sources were fixed. */
function stillMalformed(
  corrupted: ReadonlyMap<string, ReadonlySet<string>>,
  fixed: ReadonlyMap<string, ReadonlySet<string>>,
): Map<string, ReadonlySet<string>> {
  return new Map(
    [...corrupted].map(([sandboxOrgId, keys]) => [
      sandboxOrgId,
      new Set([...keys].filter((key) => fixed.get(sandboxOrgId)?.has(key.split('/')[1]!))),
    ]),
  );
}

async function main(): Promise<void> {
  const program = new Command('chaos')
    .option('--profile <name>', 'ci (under 10 minutes) or full (≥ 30 minutes, ≥ 200 worker kills)', 'ci')
    .option(
      '--unsafe <switches>',
      'TEST ONLY: run against workers and a receiver with safety mechanisms off; the run must fail',
      '',
    )
    .option('--seed <n>', 'seed of the run’s random choices', '1')
    .option('--keep-work-dir', 'keep every process’s log, even when the run passes')
    .action(async (options: Record<string, string>) => {
      const args = chaosArgs.safeParse(options);
      if (!args.success) {
        const problems = args.error.issues.map((issue) => `--${String(issue.path[0])}: ${issue.message}`);
        process.stderr.write(`chaos: ${problems.join('; ')}\n`);
        process.exitCode = 2;
        return;
      }
      process.exitCode = (await runChaos(args.data)) ? 0 : 1;
    });
  await program.parseAsync(process.argv);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `chaos run failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
