import { formatId } from '../core/ids';
import { type OrgEntity } from '../org/org';
import { type RecordEvent } from '../org/record-event';

/**
 * Gives live records new updated_at values (one for all, or one per slot), moving them in the
 * listing order; adds an `updated` event per record to `events` and returns their ids.
 */
export function touchRecords(
  entity: OrgEntity,
  slots: readonly number[],
  updatedAtMs: number | readonly number[],
  options: { readonly bumpVersion: boolean; readonly atMs: number; readonly events: RecordEvent[] },
): string[] {
  entity.store.touch(slots, updatedAtMs, options.bumpVersion);
  return slots.map((slot) => {
    const id = formatId(entity.definition.prefix, slot);
    options.events.push({
      type: 'updated',
      entity: entity.definition.name,
      id,
      updatedAtMs: entity.store.updatedAt(slot),
      atMs: options.atMs,
    });
    return id;
  });
}
