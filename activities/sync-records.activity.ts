import { log } from '@temporalio/activity';
import { finishRun } from '../db/repositories/sync-runs.repository';
import type { RecordRef } from '../workflows/shared/messages';
import type { SyncCounts } from '../workflows/shared/sync-progress';
import type { ActivityDeps } from './activity-deps';
import { callingWorkflow } from './calling-workflow';
import type { OrgContextCache } from './org-context';
import { syncRecordsById } from './sync-records-by-id';

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
      const result = await syncRecordsById(deps, context, entity, [...new Set(ids)], run);
      await finishRun(deps.db, run, { status: 'succeeded' });
      if (result.committed) counts[name] = result.counts;
    }
    return { counts, unknownEntities };
  };
}
