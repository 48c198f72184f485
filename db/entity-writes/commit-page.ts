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
import { type EntityLockMode, lockEntityForWrite } from './entity-lock';
import { type UpsertCounts, upsertEntityRows } from './upsert-entity-rows';

/** One page's records, sorted into rows to write and records to quarantine. */
export interface PageRecords {
  readonly valid: readonly TransformedRecord<Record<string, unknown>>[];
  readonly invalid: readonly QuarantineEntry[];
}

export interface PageCommit {
  readonly orgId: string;
  readonly entity: EntityDefinition;
  /** One page or several consecutive ones, oldest first: they commit together. */
  readonly pages: readonly PageRecords[];
  /** Records the API returned for these pages (valid or not). */
  readonly fetched: number;
  readonly reviveSameVersion?: boolean;
  readonly monotonic?: boolean;
  /**
   * The cursor that follows the last page, set only if the stored one is still at
   * `expectedRevision`. A promise: this batch overlaps the one before it (see `EntityLockMode`),
   * writes its rows meanwhile and takes the cursor at the revision that one committed; if that one
   * fails, this one rolls back with its error.
   */
  readonly cursor?: {
    readonly key: CursorKey;
    readonly expectedRevision: number | Promise<number>;
    readonly next: unknown;
  };
  readonly lockMode?: EntityLockMode;
  readonly run: RunKey;
  /** These pages end the run row's work: it is marked succeeded with their counts. */
  readonly finishesRun?: boolean;
  /** More writes that must commit with this page (e.g. the delta watermark when a full sync ends). */
  readonly alsoInTransaction?: (trx: Transaction<Database>) => Promise<void>;
}

export type PageCommitResult =
  | { readonly committed: true; readonly revision: number | undefined; readonly counts: UpsertCounts }
  | { readonly committed: false };

/** Rolls back a batch whose cursor was moved by another writer while its rows were written. */
class CursorMoved extends Error {
  override readonly name = 'CursorMoved';
}

/**
 * Writes one page, or a batch of consecutive pages: their rows (one monotonic upsert), their
 * invalid records (quarantine), the cursor that follows them and the run's counts, in one
 * transaction, under the entity's write lock. Either all of it lands or none of it, so a retry
 * never skips or double-applies a page. Returns `committed: false` when another writer moved the
 * cursor first (this one is superseded).
 */
export async function commitPage(db: Kysely<Database>, commit: PageCommit): Promise<PageCommitResult> {
  const { cursor } = commit;
  try {
    return await db.transaction().execute(async (trx) => {
      await lockEntityForWrite(trx, commit.orgId, commit.entity.table, commit.lockMode);
      // Taken first when it can be: a superseded writer then stops before writing anything.
      let revision: number | undefined;
      if (cursor && typeof cursor.expectedRevision === 'number') {
        revision = await compareAndSetCursor(trx, cursor.key, cursor.expectedRevision, cursor.next);
        if (revision === undefined) return { committed: false } as const;
      }
      // Without broken records the upsert heals the quarantine itself; with them, page order matters.
      const healInUpsert = invalidCount(commit.pages) === 0;
      const counts = await upsertEntityRows(trx, {
        orgId: commit.orgId,
        entity: commit.entity,
        records: commit.pages.flatMap((page) => page.valid),
        reviveSameVersion: commit.reviveSameVersion,
        monotonic: commit.monotonic,
        healQuarantineOf: healInUpsert ? commit.entity.name : undefined,
      });
      if (cursor && typeof cursor.expectedRevision !== 'number') {
        revision = await compareAndSetCursor(trx, cursor.key, await cursor.expectedRevision, cursor.next);
        if (revision === undefined) throw new CursorMoved();
      }
      if (!healInUpsert) await settleQuarantine(trx, commit.orgId, commit.entity.name, commit.pages);
      await addRunCounts(
        trx,
        commit.run,
        {
          fetched: commit.fetched,
          upserted: counts.inserted + counts.updated,
          unchanged: counts.unchanged,
          quarantined: invalidCount(commit.pages),
          revived: counts.revived,
        },
        { succeeded: commit.finishesRun },
      );
      await commit.alsoInTransaction?.(trx);
      return { committed: true, revision, counts } as const;
    });
  } catch (err) {
    if (err instanceof CursorMoved) return { committed: false };
    throw err;
  }
}

export function invalidCount(pages: readonly PageRecords[]): number {
  return pages.reduce((sum, page) => sum + page.invalid.length, 0);
}

/**
 * Quarantines the pages' invalid records and heals the quarantine of their valid ones, in page
 * order (a record broken on one page and valid on a later one ends healed; the other way round,
 * quarantined), with one statement per run of pages that hold no invalid record.
 */
async function settleQuarantine(
  trx: Transaction<Database>,
  orgId: string,
  entity: string,
  pages: readonly PageRecords[],
): Promise<void> {
  let healed: PageRecords['valid'] = [];
  for (const page of pages) {
    if (page.invalid.length > 0) {
      await resolveQuarantined(trx, orgId, entity, healed);
      healed = [];
      await quarantineRecords(trx, orgId, entity, page.invalid);
    }
    healed = healed.concat(page.valid);
  }
  await resolveQuarantined(trx, orgId, entity, healed);
}
