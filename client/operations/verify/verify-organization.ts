import { sql } from 'kysely';
import type { z } from 'zod';
import { createOrgApiClient } from '../../../activities/org-api-client';
import type { ApiClient } from '../../../connectors/api-client/types';
import type { EntityDefinition } from '../../../connectors/connector-definition';
import { getConnector } from '../../../connectors/registry';
import type { verifyOutput } from '../../cli/output-schemas';
import { type OperationsContext, requireCipher } from '../operations-context';
import { requireEntities, requireOrganization } from '../org-lookup';
import { compareFields } from './compare-fields';
import { type Cause, count, type DifferenceTally, emptyTally } from './difference-tally';
import { mergeById } from './merge-by-id';
import { storedRowsById } from './stored-rows';

type VerifyReport = z.infer<typeof verifyOutput>;
type EntityReport = VerifyReport['entities'][number];

export interface VerifyOptions {
  readonly entities?: readonly string[];
  /** Also compare every field of every record (slower: reads every record from the API). */
  readonly deep?: boolean;
  readonly sampleSize?: number;
}

/**
 * Compares an organization's database rows with its source API: ids and versions from the API's
 * ID listing, merged in id order with the table (memory stays flat), and with `deep` every field.
 * Each difference is classified: drift (the engine should have it already), pending (changed at
 * the source after the last completed sync began, or deleted since the last reconciliation) or
 * quarantined (the source's version is invalid).
 */
export async function verifyOrganization(
  context: OperationsContext,
  orgId: string,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const org = await requireOrganization(context, orgId, { allowRemoved: true });
  const entityNames = requireEntities(org, options.entities);
  const connector = getConnector(org.connector);
  const client = createOrgApiClient({
    db: context.db,
    cipher: requireCipher(context),
    org,
    connector,
    timeoutMs: 30_000,
    holdBack: (waitMs) => new Promise((resolve) => setTimeout(resolve, waitMs)),
  });
  try {
    const entities: EntityReport[] = [];
    for (const entity of connector.entitiesInOrder(entityNames)) {
      entities.push(await verifyEntity(context, client, orgId, entity, options));
    }
    const total = (cause: 'drift' | 'pending') =>
      entities.reduce(
        (sum, e) => sum + e.missing[cause] + e.extra[cause] + e.stale[cause] + (e.different?.[cause] ?? 0),
        0,
      );
    return { orgId, deep: options.deep ?? false, drift: total('drift'), pending: total('pending'), entities };
  } finally {
    await client.close();
  }
}

async function verifyEntity(
  context: OperationsContext,
  client: ApiClient,
  orgId: string,
  entity: EntityDefinition,
  options: VerifyOptions,
): Promise<EntityReport> {
  const sampleSize = options.sampleSize ?? 5;
  const { lastSyncStart, lastReconcileStart } = await referenceTimes(context, orgId, entity.name);
  const quarantined = new Set(
    (
      await context.db
        .selectFrom('quarantine')
        .select('external_id')
        .where('org_id', '=', orgId)
        .where('entity', '=', entity.name)
        .where('resolved_at', 'is', null)
        .execute()
    ).map((row) => row.external_id),
  );
  /** Why a record the source has is not (as new) here. */
  const causeOfSourceChange = (id: string, sourceUpdatedAt: string): Cause => {
    if (quarantined.has(id)) return 'quarantined';
    return lastSyncStart !== null && Date.parse(sourceUpdatedAt) >= lastSyncStart.getTime()
      ? 'pending'
      : 'drift';
  };

  const missing = emptyTally();
  const extra = emptyTally();
  const stale = emptyTally();
  let source = 0;
  let stored = 0;
  const sourceIds = (async function* () {
    for await (const page of client.paginateIds({ path: entity.paths.ids, limit: 5_000 }))
      yield* page.entries;
  })();
  for await (const { id, source: listed, stored: row } of mergeById(
    sourceIds,
    storedRowsById(context.db, entity.table, orgId),
    (entry) => entry.id,
    (r) => r.externalId,
  )) {
    if (listed) source += 1;
    if (row && !row.deleted) stored += 1;
    if (listed && (!row || row.deleted)) {
      count(missing, causeOfSourceChange(id, listed.updatedAt), id, sampleSize);
    } else if (listed && row && row.sourceUpdatedAt.getTime() !== Date.parse(listed.updatedAt)) {
      count(stale, causeOfSourceChange(id, listed.updatedAt), id, sampleSize);
    } else if (!listed && row && !row.deleted) {
      // Seen alive after the last reconciliation began: its deletion came later.
      const pending = lastReconcileStart === null || row.lastSyncedAt >= lastReconcileStart;
      count(extra, pending ? 'pending' : 'drift', id, sampleSize);
    }
  }
  const different: DifferenceTally | null = options.deep
    ? await compareFields(context.db, client, orgId, entity, { sampleSize, causeOf: causeOfSourceChange })
    : null;
  return { entity: entity.name, source, stored, missing, extra, stale, different };
}

/** When the last completed full/delta sync and the last completed reconciliation of the entity began. */
async function referenceTimes(context: OperationsContext, orgId: string, entity: string) {
  const { rows } = await sql<{ kind: string; started: Date | null }>`
    select e.kind, max(r.started_at) as started
    from sync_runs e join sync_runs r on r.run_id = e.run_id and r.entity is null
    where e.org_id = ${orgId} and e.entity = ${entity} and e.status = 'succeeded'
    group by e.kind`.execute(context.db);
  const startOf = (kinds: string[]) =>
    rows
      .filter((row) => kinds.includes(row.kind) && row.started !== null)
      .reduce<Date | null>(
        (latest, row) => (latest === null || row.started! > latest ? row.started : latest),
        null,
      );
  return { lastSyncStart: startOf(['full', 'delta']), lastReconcileStart: startOf(['reconcile']) };
}
