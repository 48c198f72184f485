import type { z } from 'zod';
import { createOrgApiClient } from '../../../activities/org-api-client';
import type { ApiClient } from '../../../connectors/api-client/types';
import type { EntityDefinition } from '../../../connectors/connector-definition';
import { getConnector } from '../../../connectors/registry';
import type { verifyOutput } from '../../cli/output-schemas';
import { type OperationsContext, requireCipher } from '../operations-context';
import { requireEntities, requireOrganization } from '../org-lookup';
import { compareFields } from './compare-fields';
import { count, type DifferenceTally, emptyTally } from './difference-tally';
import { causeOfSourceChange, readEngineHorizon } from './engine-horizon';
import { ExtraRows } from './extra-rows';
import { mergeById } from './merge-by-id';
import { storedRowsById } from './stored-rows';

type VerifyReport = z.infer<typeof verifyOutput>;
type EntityReport = VerifyReport['entities'][number];

export interface VerifyOptions {
  /**
   * The engine's delta look-back (`DELTA_LOOKBACK_SECONDS`, as the workers read it): a source
   * change this much older than the last delta's start may still be unseen by it. 0 only where
   * every source write was visible before the last sync began (sources known to be quiet).
   */
  readonly lookbackMs: number;
  readonly entities?: readonly string[];
  /** Also compare every field of every record (slower: reads every record from the API). */
  readonly deep?: boolean;
  readonly sampleSize?: number;
}

/**
 * Compares an organization's database rows with its source API: ids and versions from the API's
 * ID listing, merged in id order with the table (memory stays flat), and with `deep` every field.
 * Each difference is classified by the engine's own rules (see `EngineHorizon` and `ExtraRows`):
 * pending when the engine cannot have seen it yet (a change within the look-back window of the
 * last completed full/delta sync's start or later, a row written while verify read, a deletion
 * after the last completed reconciliation's listing, or none completed yet), quarantined when the
 * source's version is invalid, and drift, a failure of the engine, otherwise.
 */
export async function verifyOrganization(
  context: OperationsContext,
  orgId: string,
  options: VerifyOptions,
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
  const horizon = await readEngineHorizon(context.db, orgId, entity.name, options.lookbackMs);
  const missing = emptyTally();
  const extra = emptyTally();
  const stale = emptyTally();
  const extraRows = new ExtraRows(context.db, entity.name, horizon, extra, sampleSize);
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
      count(missing, causeOfSourceChange(horizon, id, listed.updatedAt, row), id, sampleSize);
    } else if (listed && row && row.sourceUpdatedAt.getTime() !== Date.parse(listed.updatedAt)) {
      count(stale, causeOfSourceChange(horizon, id, listed.updatedAt, row), id, sampleSize);
    } else if (!listed && row && !row.deleted) {
      await extraRows.add(row);
    }
  }
  await extraRows.flush();
  const different: DifferenceTally | null = options.deep
    ? await compareFields(context.db, client, orgId, entity, { sampleSize, quarantined: horizon.quarantined })
    : null;
  return { entity: entity.name, source, stored, missing, extra, stale, different };
}
