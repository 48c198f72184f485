import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/database';
import {
  type CompletedListing,
  findCompletedListing,
} from '../../../db/repositories/completed-listings.repository';
import type { Cause } from './difference-tally';
import type { StoredRow } from './stored-rows';

/**
 * What the engine can have seen of one entity by its own rules when verify begins reading it:
 * anything outside this is pending, not drift.
 */
export interface EngineHorizon {
  /**
   * Database time when verify began reading the entity. A row written since may be newer than
   * verify's own listing of it (a webhook or sync wrote between the two reads).
   */
  readonly verifyStartedAt: Date;
  /**
   * Source changes with an updated_at at or after this may be unseen: the start of the last
   * completed full or delta sync minus the look-back window (a write may become visible that much
   * later than its updated_at, and the next delta re-reads that far back). Null when no full or
   * delta sync of the entity completed: it need not have seen anything yet.
   */
  readonly changesSeenBefore: Date | null;
  /** The last completed reconciliation listing: the only evidence of what deletions it missed. */
  readonly completedListing: CompletedListing | null;
  /** Ids whose source version is invalid and waits in quarantine. */
  readonly quarantined: ReadonlySet<string>;
}

export async function readEngineHorizon(
  db: Kysely<Database>,
  orgId: string,
  entity: string,
  lookbackMs: number,
): Promise<EngineHorizon> {
  const { rows: now } = await sql<{ now: Date }>`select clock_timestamp() as now`.execute(db);
  const lastSyncStart = await lastCompletedSyncStart(db, orgId, entity);
  const quarantined = await db
    .selectFrom('quarantine')
    .select('external_id')
    .where('org_id', '=', orgId)
    .where('entity', '=', entity)
    .where('resolved_at', 'is', null)
    .execute();
  return {
    verifyStartedAt: now[0]!.now,
    changesSeenBefore: lastSyncStart === null ? null : new Date(lastSyncStart.getTime() - lookbackMs),
    completedListing: await findCompletedListing(db, orgId, entity),
    quarantined: new Set(quarantined.map((row) => row.external_id)),
  };
}

/**
 * Why the source's version of a record (its updated_at `sourceUpdatedAt`) is not stored here,
 * as new (`row` is the stored row, if any).
 */
export function causeOfSourceChange(
  horizon: EngineHorizon,
  id: string,
  sourceUpdatedAt: string,
  row: StoredRow | undefined,
): Cause {
  if (horizon.quarantined.has(id)) return 'quarantined';
  if (row && row.writtenAt >= horizon.verifyStartedAt) return 'pending';
  const seenBefore = horizon.changesSeenBefore;
  return seenBefore === null || Date.parse(sourceUpdatedAt) >= seenBefore.getTime() ? 'pending' : 'drift';
}

/** When the last completed full or delta sync of the entity began (its run's start). */
async function lastCompletedSyncStart(
  db: Kysely<Database>,
  orgId: string,
  entity: string,
): Promise<Date | null> {
  const { rows } = await sql<{ started: Date | null }>`
    select max(r.started_at) as started
    from sync_runs e join sync_runs r on r.run_id = e.run_id and r.entity is null
    where e.org_id = ${orgId} and e.entity = ${entity} and e.status = 'succeeded'
      and e.kind in ('full', 'delta')`.execute(db);
  return rows[0]?.started ?? null;
}
