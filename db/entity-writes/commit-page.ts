import type { Kysely, Transaction } from 'kysely';
import type { EntityDefinition, TransformedRecord } from '../../connectors/connector-definition';
import type { Database } from '../database';
import {
  type QuarantineEntry,
  quarantineRecords,
  resolveQuarantined,
} from '../repositories/quarantine.repository';
import { compareAndSetCursor, type CursorKey } from '../repositories/sync-cursors.repository';
import { addRunCounts, type RunKey } from '../repositories/sync-runs.repository';
import { lockEntityForWrite } from './entity-lock';
import { type UpsertCounts, upsertEntityRows } from './upsert-entity-rows';

export interface PageCommit {
  readonly orgId: string;
  readonly entity: EntityDefinition;
  readonly valid: readonly TransformedRecord<Record<string, unknown>>[];
  readonly invalid: readonly QuarantineEntry[];
  /** Records the API returned for this page (valid or not). */
  readonly fetched: number;
  readonly reviveSameVersion?: boolean;
  readonly monotonic?: boolean;
  /** The cursor that follows this page, set only if the stored one is still at `expectedRevision`. */
  readonly cursor?: {
    readonly key: CursorKey;
    readonly expectedRevision: number;
    readonly next: unknown;
  };
  readonly run: RunKey;
  /** More writes that must commit with this page (e.g. the delta watermark when a full sync ends). */
  readonly alsoInTransaction?: (trx: Transaction<Database>) => Promise<void>;
}

export type PageCommitResult =
  | { readonly committed: true; readonly revision: number | undefined; readonly counts: UpsertCounts }
  | { readonly committed: false };

/**
 * Writes one page: its rows (monotonic upsert), its invalid records (quarantine), the cursor that
 * follows it and the run's counts, in one transaction, under the entity's write lock. Either all of
 * it lands or none of it, so a retry never skips or double-applies a page. Returns
 * `committed: false` when another writer moved the cursor first (this one is superseded).
 */
export async function commitPage(db: Kysely<Database>, commit: PageCommit): Promise<PageCommitResult> {
  return db.transaction().execute(async (trx) => {
    await lockEntityForWrite(trx, commit.orgId, commit.entity.table);
    let revision: number | undefined;
    if (commit.cursor) {
      revision = await compareAndSetCursor(
        trx,
        commit.cursor.key,
        commit.cursor.expectedRevision,
        commit.cursor.next,
      );
      if (revision === undefined) return { committed: false } as const;
    }
    const counts = await upsertEntityRows(trx, {
      orgId: commit.orgId,
      entity: commit.entity,
      records: commit.valid,
      reviveSameVersion: commit.reviveSameVersion,
      monotonic: commit.monotonic,
    });
    await quarantineRecords(trx, commit.orgId, commit.entity.name, commit.invalid);
    await resolveQuarantined(trx, commit.orgId, commit.entity.name, commit.valid);
    await addRunCounts(trx, commit.run, {
      fetched: commit.fetched,
      upserted: counts.inserted + counts.updated,
      unchanged: counts.unchanged,
      quarantined: commit.invalid.length,
      revived: counts.revived,
    });
    await commit.alsoInTransaction?.(trx);
    return { committed: true, revision, counts } as const;
  });
}
