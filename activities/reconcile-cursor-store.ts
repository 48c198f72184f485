import type { Transaction } from 'kysely';
import type { EntityDefinition } from '../connectors/connector-definition';
import type { Database } from '../db/database';
import { lockEntityForWrite } from '../db/entity-writes/entity-lock';
import { compareAndSetCursor, type CursorKey } from '../db/repositories/sync-cursors.repository';
import type { ActivityDeps } from './activity-deps';
import type { ReconcileCursor } from './sync-cursors';

/**
 * Moves an entity's reconcile cursor (compare-and-set on its revision) together with the writes it
 * covers, under the entity's write lock. Returns the new revision.
 */
export async function moveReconcileCursor(
  deps: ActivityDeps,
  entity: EntityDefinition,
  key: CursorKey,
  revision: number,
  writes: (trx: Transaction<Database>) => Promise<ReconcileCursor>,
): Promise<{ readonly revision: number; readonly cursor: ReconcileCursor }> {
  return deps.db.transaction().execute(async (trx) => {
    await lockEntityForWrite(trx, key.orgId, entity.table);
    const cursor = await writes(trx);
    const moved = await compareAndSetCursor(trx, key, revision, cursor);
    // A superseded attempt must not commit its writes: throwing rolls them back.
    if (moved === undefined)
      throw new Error(`The reconcile cursor of ${entity.name} was moved by another attempt`);
    return { revision: moved, cursor };
  });
}
