import type { Kysely } from 'kysely';
import type { Database } from '../../../db/database';
import { idsInListing } from '../../../db/repositories/completed-listings.repository';
import { count, type DifferenceTally } from './difference-tally';
import type { EngineHorizon } from './engine-horizon';
import type { StoredRow } from './stored-rows';

/**
 * Classifies rows alive here that the source no longer lists. Deletions reach the engine only
 * through reconciliation (a webhook's 404 aside), which deletes the live rows its complete listing
 * lacks and that were written before the listing began. So such a row is drift only when the last
 * completed listing lacks it and it was written before that listing began: the decision should
 * have deleted it. Otherwise its deletion came after that listing (or no reconciliation completed,
 * or the last one is held for an operator): pending. Ids to look up in the listing are collected
 * `batchSize` at a time, so memory stays flat whatever the number of extra rows.
 */
export class ExtraRows {
  private readonly waiting: string[] = [];

  constructor(
    private readonly db: Kysely<Database>,
    private readonly entity: string,
    private readonly horizon: EngineHorizon,
    private readonly tally: DifferenceTally,
    private readonly sampleSize: number,
    private readonly batchSize = 1_000,
  ) {}

  async add(row: StoredRow): Promise<void> {
    const listing = this.horizon.completedListing;
    if (listing === null || row.writtenAt >= listing.listingStartedAt) {
      count(this.tally, 'pending', row.externalId, this.sampleSize);
      return;
    }
    this.waiting.push(row.externalId);
    if (this.waiting.length >= this.batchSize) await this.flush();
  }

  /** Classifies the rows still waiting for their lookup. */
  async flush(): Promise<void> {
    const listing = this.horizon.completedListing;
    if (listing === null || this.waiting.length === 0) return;
    const ids = this.waiting.splice(0);
    const listed = await idsInListing(this.db, listing, this.entity, ids);
    for (const id of ids) count(this.tally, listed.has(id) ? 'pending' : 'drift', id, this.sampleSize);
  }
}
