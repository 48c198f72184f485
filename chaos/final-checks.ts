import { type Client, WorkflowFailedError } from '@temporalio/client';
import { sql } from 'kysely';
import type { OperationsContext } from '../client/operations/operations-context';
import { startSync } from '../client/operations/start-sync';
import { verifyOrganization } from '../client/operations/verify/verify-organization';
import { getConnector } from '../connectors/registry';
import { pollUntil } from '../devstack/poll';
import type { SyncOutcome } from '../workflows/shared/sync-inputs';
import type { ChaosOrg } from './chaos-orgs';
import type { ChaosCluster } from './cluster/chaos-cluster';
import { readAudit, type AuditFindings } from './invariants/audit-triggers';
import { scanHistoriesForValues } from './invariants/history-scan';
import { type RefusalReport, refusalReport, webhookDeliveryFailures } from './invariants/webhook-delivery';

export interface FinalFindings {
  readonly failures: string[];
  readonly differences: {
    readonly drift: number;
    readonly pending: number;
    readonly afterDeltaDrift: number;
  };
  readonly audit: AuditFindings;
  readonly quarantine: {
    readonly quarantined: number;
    readonly unresolved: number;
    readonly corruptedNeverQuarantined: number;
    readonly neverQuarantinedSamples: readonly string[];
  };
  readonly historiesScanned: number;
  readonly refusals: RefusalReport;
}

/** Waits until the sandbox has delivered (or given up on) every webhook it queued. */
export async function waitForWebhooksDrained(cluster: ChaosCluster): Promise<void> {
  await pollUntil(
    async () => {
      const { webhooks } = (await cluster.sandbox.stats()).totals;
      return webhooks.delivered + webhooks.failed + webhooks.dropped >= webhooks.sent + webhooks.duplicated;
    },
    // The chaos orgs' retry budget spans ~155 s (±25% jitter) from a delivery's first attempt.
    { description: 'the sandbox to deliver its webhooks', timeoutMs: 300_000, intervalMs: 500 },
  );
}

/** Waits until no full, delta or reconciliation sync runs (record syncs are listeners and may idle). */
export async function waitForSyncsToSettle(client: Client, taskQueue: string): Promise<void> {
  await pollUntil(
    async () =>
      (
        await client.workflow.count(
          `TaskQueue = "${taskQueue}" AND ExecutionStatus = "Running" AND SyncKind IN ("full", "delta", "reconcile")`,
        )
      ).count === 0,
    { description: 'running syncs to finish', timeoutMs: 600_000, intervalMs: 1_000 },
  );
}

/** Starts a sync of the org (or joins the running one) and waits for its outcome. */
export async function runAndWait(
  context: OperationsContext,
  kind: 'delta' | 'reconcile',
  orgId: string,
): Promise<SyncOutcome> {
  const started = await startSync(context, kind, { orgId });
  return (await context.temporal.workflow.getHandle(started.workflowId).result()) as SyncOutcome;
}

/**
 * The end of a run: one delta of every org (then no change may be missing: this is where a missing
 * look-back window shows), one reconciliation (then the DB must equal the source exactly), and the
 * invariants: no regression or wrongful deletion ever happened, every malformed record was
 * quarantined and healed, no workflow failed, no record value in any history.
 */
export async function finalChecks(
  cluster: ChaosCluster,
  context: OperationsContext,
  orgs: readonly ChaosOrg[],
  /** Per sandbox org, the records (`entity/id`) still malformed when the sources were fixed. */
  malformed: ReadonlyMap<string, ReadonlySet<string>>,
): Promise<FinalFindings> {
  const failures: string[] = [];
  const outcomes = await Promise.all(orgs.map((org) => runAndWait(context, 'delta', org.orgId)));
  outcomes.forEach(
    (outcome, i) =>
      outcome.status !== 'succeeded' && failures.push(`final delta of ${orgs[i]!.orgId}: ${outcome.status}`),
  );

  // Right after a delta, nothing that changed before it began may be missing or stale (deletions
  // wait for reconciliation). Offset-paginated orgs are exempt: offset shifts can skip a record
  // until the next reconciliation (a documented limitation).
  let afterDeltaDrift = 0;
  for (const org of orgs.filter((candidate) => candidate.sandbox.pagination !== 'page')) {
    // Sources were calm before this delta began, so every write was visible to it: no look-back
    // allowance (a late write it missed is what a missing look-back window looks like).
    const report = await verifyOrganization(context, org.orgId, { lookbackMs: 0 });
    const drift = report.entities.reduce((sum, e) => sum + e.missing.drift + e.stale.drift, 0);
    if (drift > 0) {
      afterDeltaDrift += drift;
      const samples = report.entities.flatMap((e) =>
        [...e.missing.samples, ...e.stale.samples].map((id) => `${e.entity}/${id}`),
      );
      failures.push(
        `after the final delta ${org.orgId} misses ${drift} changes (e.g. ${samples.slice(0, 3).join(', ')})`,
      );
    }
  }

  const reconciled = await Promise.all(orgs.map((org) => runAndWait(context, 'reconcile', org.orgId)));
  reconciled.forEach(
    (outcome, i) =>
      outcome.status !== 'succeeded' &&
      failures.push(`final reconciliation of ${orgs[i]!.orgId}: ${outcome.status}`),
  );
  await waitForWebhooksDrained(cluster);
  const stats = await cluster.sandbox.stats();
  const refusals = refusalReport(stats);
  failures.push(...webhookDeliveryFailures(stats.totals.webhooks, refusals, cluster.receiverExit));
  await waitForSyncsToSettle(context.temporal, context.taskQueue);

  let drift = 0;
  let pending = 0;
  for (const org of orgs) {
    const report = await verifyOrganization(context, org.orgId, {
      lookbackMs: 0,
      deep: org.records <= 5_000,
    });
    drift += report.drift;
    pending += report.pending;
    if (report.drift + report.pending > 0) {
      failures.push(
        `verify ${org.orgId}: ${report.drift} drift, ${report.pending} pending: ${JSON.stringify(report.entities.filter((e) => e.missing.samples.length + e.extra.samples.length + e.stale.samples.length + (e.different?.samples.length ?? 0) > 0))}`,
      );
    }
  }

  const audit = await readAudit(context.db, await sourceVersions(cluster, orgs));
  if (audit.regressions > 0)
    failures.push(
      `${audit.regressions} rows went back to an older version (e.g. ${audit.regressionSamples.join(', ')})`,
    );
  if (audit.wrongfulDeletions > 0)
    failures.push(
      `${audit.wrongfulDeletions} records were deleted while the source still had them (e.g. ${audit.wrongfulSamples.join(', ')})`,
    );

  const quarantine = await quarantineFindings(context, orgs, malformed);
  if (quarantine.unresolved > 0)
    failures.push(`${quarantine.unresolved} quarantined records are still unresolved after the fix`);
  if (quarantine.corruptedNeverQuarantined > 0)
    failures.push(
      `${quarantine.corruptedNeverQuarantined} malformed records were never quarantined (e.g. ${quarantine.neverQuarantinedSamples.join(', ')})`,
    );

  failures.push(...(await unexpectedWorkflowOutcomes(context.temporal, context.taskQueue)));
  const scan = await scanHistoriesForValues(cluster, orgs);
  failures.push(...scan.leaks);
  return {
    failures,
    differences: { drift, pending, afterDeltaDrift },
    audit,
    quarantine,
    historiesScanned: scan.scanned,
    refusals,
  };
}

/** The source's current version of every live record, keyed `table/org/id`. */
async function sourceVersions(cluster: ChaosCluster, orgs: readonly ChaosOrg[]) {
  const versions = new Map<string, string>();
  const connector = getConnector('hr');
  for (const org of orgs) {
    for (const entity of connector.entitiesInOrder()) {
      for await (const entry of cluster.sandbox.truthIds(org.sandbox.id, entity.name as never)) {
        versions.set(`${entity.table}/${org.orgId}/${entry.id}`, entry.updated_at);
      }
    }
  }
  return (table: string, orgId: string, id: string) => versions.get(`${table}/${orgId}/${id}`);
}

async function quarantineFindings(
  context: OperationsContext,
  orgs: readonly ChaosOrg[],
  malformed: ReadonlyMap<string, ReadonlySet<string>>,
): Promise<FinalFindings['quarantine']> {
  const { rows } = await sql<{ org_id: string; entity: string; external_id: string; resolved: boolean }>`
    select org_id, entity, external_id, resolved_at is not null as resolved from quarantine`.execute(
    context.db,
  );
  const seen = new Set(rows.map((row) => `${row.org_id}/${row.entity}/${row.external_id}`));
  // Each was malformed at the source when the last delta before the fix read it: it must have been quarantined.
  const never: string[] = [];
  for (const org of orgs) {
    for (const key of malformed.get(org.sandbox.id) ?? []) {
      if (!seen.has(`${org.orgId}/${key}`)) never.push(`${org.orgId}/${key}`);
    }
  }
  return {
    quarantined: rows.length,
    unresolved: rows.filter((row) => !row.resolved).length,
    corruptedNeverQuarantined: never.length,
    neverQuarantinedSamples: never.slice(0, 5),
  };
}

/** Failed, timed-out or terminated syncs, and syncs still running, are all unexpected. */
async function unexpectedWorkflowOutcomes(client: Client, taskQueue: string): Promise<string[]> {
  const problems: string[] = [];
  for await (const execution of client.workflow.list({
    query: `TaskQueue = "${taskQueue}" AND ExecutionStatus IN ("Failed", "TimedOut", "Terminated")`,
  })) {
    let reason = '';
    try {
      await client.workflow.getHandle(execution.workflowId, execution.runId).result();
    } catch (err) {
      reason = err instanceof WorkflowFailedError ? String(err.cause?.message ?? err.message) : String(err);
    }
    problems.push(`workflow ${execution.workflowId} ended ${execution.status.name}: ${reason}`);
  }
  return problems;
}
