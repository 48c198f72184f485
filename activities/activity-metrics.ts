import { pagesSynced, recordsSynced } from '../observability/metrics';
import type { UpsertCounts } from '../db/entity-writes/upsert-entity-rows';
import type { SyncCounts } from '../workflows/shared/sync-progress';

const OUTCOMES = ['upserted', 'unchanged', 'quarantined', 'deleted', 'revived'] as const;

/** Counts one committed page (or batch) in the worker's Prometheus metrics. */
export function countPage(orgId: string, entity: string, kind: string, counts: Partial<SyncCounts>): void {
  pagesSynced.inc({ org: orgId, entity, kind });
  for (const outcome of OUTCOMES) {
    const value = counts[outcome] ?? 0;
    if (value > 0) recordsSynced.inc({ org: orgId, entity, kind, outcome }, value);
  }
}

/** The counts of one committed page or batch. */
export function pageCounts(
  upsert: UpsertCounts,
  fetched: number,
  quarantined: number,
  deleted = 0,
): SyncCounts {
  return {
    fetched,
    upserted: upsert.inserted + upsert.updated,
    unchanged: upsert.unchanged,
    quarantined,
    deleted,
    revived: upsert.revived,
  };
}
