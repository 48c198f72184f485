import { log } from '@temporalio/activity';
import { commitPage } from '../db/entity-writes/commit-page';
import { softDeleteRecords } from '../db/entity-writes/soft-delete';
import { addRunCounts, finishRun } from '../db/repositories/sync-runs.repository';
import type { RecordRef } from '../workflows/shared/messages';
import type { SyncCounts } from '../workflows/shared/sync-progress';
import type { ActivityDeps } from './activity-deps';
import { countPage, pageCounts } from './activity-metrics';
import { callingWorkflow } from './calling-workflow';
import { classifyRecords } from './classify-records';
import { fetchRecordsById } from './fetch-records-by-id';
import type { OrgContextCache } from './org-context';

export interface SyncRecordsInput {
  readonly orgId: string;
  readonly syncId: string;
  readonly refs: readonly RecordRef[];
}

export interface SyncRecordsResult {
  /** Counts per entity. */
  readonly counts: Readonly<Record<string, SyncCounts>>;
  /** Refs naming an entity the org's connector does not have (dropped, with a warning). */
  readonly unknownEntities: readonly string[];
}

/**
 * Single-record syncs (webhooks), a batch at a time: each record is fetched from the API (the
 * webhook body is only a hint) and upserted monotonically, so a late or repeated event never
 * regresses a row; a 404 soft-deletes it. References to rows not stored yet are kept as they are:
 * they are plain id columns, resolved by joining on (org_id, external_id) when read.
 */
export function createSyncRecordsActivity(deps: ActivityDeps, orgs: OrgContextCache) {
  return async function syncRecords(input: SyncRecordsInput): Promise<SyncRecordsResult> {
    const context = await orgs.get(input.orgId);
    const { workflowId } = callingWorkflow();
    const counts: Record<string, SyncCounts> = {};
    const unknownEntities: string[] = [];
    const byEntity = new Map<string, string[]>();
    for (const ref of input.refs) byEntity.set(ref.entity, [...(byEntity.get(ref.entity) ?? []), ref.id]);

    for (const [name, ids] of byEntity) {
      if (!context.connector.order.includes(name)) {
        unknownEntities.push(name);
        log.warn('Record sync for an entity this connector does not have', {
          orgId: input.orgId,
          entity: name,
        });
        continue;
      }
      const entity = context.connector.entity(name);
      const run = {
        workflowId,
        syncId: input.syncId,
        orgId: input.orgId,
        kind: 'record' as const,
        entity: name,
      };
      const fetched = await fetchRecordsById(context, entity, [...new Set(ids)], deps.settings);
      const classified = classifyRecords(entity, fetched.found);
      let gone = 0;
      const result = await commitPage(deps.db, {
        monotonic: deps.settings.monotonicWrites,
        orgId: input.orgId,
        entity,
        valid: classified.valid,
        invalid: classified.invalid,
        fetched: fetched.found.length,
        run,
        alsoInTransaction: async (trx) => {
          gone = await softDeleteRecords(trx, input.orgId, entity.table, fetched.gone);
          await addRunCounts(trx, run, { deleted: gone });
        },
      });
      await finishRun(deps.db, run, { status: 'succeeded' });
      if (result.committed) {
        counts[name] = pageCounts(result.counts, fetched.found.length, classified.invalid.length, gone);
        countPage(input.orgId, name, 'record', counts[name]);
      }
    }
    return { counts, unknownEntities };
  };
}
