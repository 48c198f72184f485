import type { EntityDefinition } from '../connectors/connector-definition';
import { commitPage, type PageCommit } from '../db/entity-writes/commit-page';
import { databaseClock } from '../db/database-clock';
import { softDeleteRecords } from '../db/entity-writes/soft-delete';
import { resolveQuarantinedGone } from '../db/repositories/quarantine.repository';
import { addRunCounts, type RunKey } from '../db/repositories/sync-runs.repository';
import type { SyncCounts } from '../workflows/shared/sync-progress';
import type { ActivityDeps } from './activity-deps';
import { countPage, pageCounts } from './activity-metrics';
import { classifyRecords } from './classify-records';
import { fetchRecordsById } from './fetch-records-by-id';
import type { OrgContext } from './org-context';

export type RecordsByIdResult =
  | { readonly committed: true; readonly revision: number | undefined; readonly counts: SyncCounts }
  | { readonly committed: false };

/**
 * Fetches records by id and commits them as one batch: valid ones upserted monotonically, invalid
 * ones quarantined, and ids the API answers 404 for soft-deleted (the record is gone), together
 * with `cursor` when given. Reconciliation's healing and webhook record syncs both work this way.
 */
export async function syncRecordsById(
  deps: ActivityDeps,
  context: OrgContext,
  entity: EntityDefinition,
  ids: readonly string[],
  run: RunKey,
  options: Pick<PageCommit, 'cursor' | 'reviveSameVersion'> = {},
): Promise<RecordsByIdResult> {
  // Before the requests: a 404 deletes only rows nobody wrote since (see softDeleteRecords).
  const askedAt = await databaseClock(deps.db);
  const fetched = await fetchRecordsById(context, entity, ids, deps.settings);
  const classified = classifyRecords(entity, fetched.found);
  let gone = 0;
  const result = await commitPage(deps.db, {
    ...options,
    monotonic: deps.settings.monotonicWrites,
    orgId: context.org.id,
    entity,
    pages: [classified],
    fetched: fetched.found.length,
    run,
    alsoInTransaction: async (trx) => {
      gone = await softDeleteRecords(trx, context.org.id, entity.table, fetched.gone, askedAt);
      await resolveQuarantinedGone(trx, context.org.id, entity.name, fetched.gone);
      await addRunCounts(trx, run, { deleted: gone });
    },
  });
  if (!result.committed) return result;
  const counts = pageCounts(result.counts, fetched.found.length, classified.invalid.length, gone);
  countPage(context.org.id, entity.name, run.kind, counts);
  return { committed: true, revision: result.revision, counts };
}
