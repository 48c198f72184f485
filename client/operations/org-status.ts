import { sql } from 'kysely';
import type { z } from 'zod';
import { getConnector } from '../../connectors/registry';
import { listOrganizations } from '../../db/repositories/organizations.repository';
import { orgScheduleStates } from '../../schedules/schedule-state';
import { SYNC_KIND } from '../../workflows/shared/search-attributes';
import type { statusOutput } from '../cli/output-schemas';
import { entityRecordCounts } from './entity-record-counts';
import type { OperationsContext } from './operations-context';
import { requireOrganization } from './org-lookup';
import { readSyncProgress } from './read-sync-progress';

type Status = z.infer<typeof statusOutput>;
type EntityStatus = Status['organizations'][number]['entities'][number];

/** What `sync-engine status` shows: per org and entity, what ran, what runs, what waits. */
export async function organizationStatus(context: OperationsContext, orgId?: string): Promise<Status> {
  if (orgId !== undefined) await requireOrganization(context, orgId, { allowRemoved: true });
  const orgs = (await listOrganizations(context.db)).filter((org) => orgId === undefined || org.id === orgId);
  const organizations: Status['organizations'] = [];
  for (const org of orgs) {
    const [entities, schedules, running] = await Promise.all([
      entityStatuses(context, org.id, org.connector),
      orgScheduleStates(context.temporal, org.id),
      runningSyncs(context, org.id),
    ]);
    organizations.push({
      id: org.id,
      name: org.name,
      connector: org.connector,
      removed: org.removed_at !== null,
      schedules,
      running,
      entities,
    });
  }
  return { organizations };
}

async function entityStatuses(
  context: OperationsContext,
  orgId: string,
  connector: string,
): Promise<EntityStatus[]> {
  const { rows: successes } = await sql<{ entity: string; kind: string; at: Date }>`
    select entity, kind, max(finished_at) as at from sync_runs
    where org_id = ${orgId} and entity is not null and status = 'succeeded' group by entity, kind`.execute(
    context.db,
  );
  // The latest run per entity and kind tells whether it failed or is held now.
  const { rows: latest } = await sql<{
    entity: string;
    kind: string;
    status: string;
    at: Date;
    error: string | null;
  }>`
    select distinct on (entity, kind) entity, kind, status, coalesce(finished_at, started_at) as at, error
    from sync_runs where org_id = ${orgId} and entity is not null
    order by entity, kind, started_at desc, id desc`.execute(context.db);
  const { rows: quarantined } = await sql<{ entity: string; n: number }>`
    select entity, count(*)::int as n from quarantine where org_id = ${orgId} and resolved_at is null
    group by entity`.execute(context.db);
  const records = await entityRecordCounts(context.db, orgId, connector);
  const stored = (entity: string) => records.find((r) => r.entity === entity);

  return getConnector(connector).order.map((entity) => {
    const success = (kind: string) =>
      successes.find((r) => r.entity === entity && r.kind === kind)?.at.toISOString() ?? null;
    const failures = latest
      .filter((r) => r.entity === entity && r.status === 'failed')
      .sort((a, b) => +b.at - +a.at);
    const held = latest.find((r) => r.entity === entity && r.kind === 'reconcile' && r.status === 'held');
    return {
      entity,
      lastSuccess: { full: success('full'), delta: success('delta'), reconcile: success('reconcile') },
      lastFailure: failures[0]
        ? { kind: failures[0].kind, at: failures[0].at.toISOString(), error: failures[0].error }
        : null,
      heldDeletions: held ? { at: held.at.toISOString(), detail: held.error } : null,
      quarantined: quarantined.find((r) => r.entity === entity)?.n ?? 0,
      records: { live: stored(entity)?.live ?? 0, deleted: stored(entity)?.deleted ?? 0 },
    };
  });
}

async function runningSyncs(
  context: OperationsContext,
  orgId: string,
): Promise<Status['organizations'][number]['running']> {
  const executions = [];
  for await (const execution of context.temporal.workflow.list({
    query: `OrgId = "${orgId}" AND ExecutionStatus = "Running"`,
  }))
    executions.push(execution);
  // Asked at once: with no worker up, each query waits out its deadline.
  return Promise.all(
    executions.map(async (execution) => {
      const kind = execution.typedSearchAttributes.get(SYNC_KIND) ?? null;
      const progress =
        kind === 'full' || kind === 'delta' || kind === 'reconcile'
          ? await readSyncProgress(context, execution.workflowId).catch(() => null)
          : null;
      return {
        workflowId: execution.workflowId,
        kind,
        startedAt: execution.startTime.toISOString(),
        progress,
      };
    }),
  );
}
