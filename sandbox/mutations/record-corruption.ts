import { type CorruptResult, type FixResult } from '../admin-api';
import { type RecordEvent } from '../org/record-event';
import { entitiesOf } from './mutation-engine';
import { type MutationTarget } from './mutation-target';
import { RecordPicker } from './record-picker';
import { touchRecords } from './touch-records';

/**
 * Makes up to `count` random live records of `entity` schema-invalid, as an update gone wrong:
 * they get a new updated_at and version (and an update webhook) and are served malformed until
 * `fixRecords`. The truth keeps their valid form.
 */
export function corruptRecords(target: MutationTarget, entityName: string, count: number): CorruptResult {
  const [entity] = entitiesOf(target, entityName);
  if (!entity) return { corrupted: [] };
  const { org } = target;
  const picker = new RecordPicker(org.mutationRng);
  const slots: number[] = [];
  for (let i = 0; i < count; i++) {
    const slot = picker.pick(entity, (candidate) => !entity.store.isCorrupted(candidate));
    if (slot === 0) break;
    slots.push(slot);
  }
  for (const slot of slots) entity.store.setCorrupted(slot, true);
  const now = org.now();
  const events: RecordEvent[] = [];
  const corrupted = touchRecords(entity, slots, now, { bumpVersion: true, atMs: now, events });
  target.stats.faults.corrupted += corrupted.length;
  target.notify(events);
  return { corrupted };
}

/** Repairs every corrupted record of the org: a new updated_at and an update webhook each. */
export function fixRecords(target: MutationTarget): FixResult {
  const now = target.org.now();
  const events: RecordEvent[] = [];
  const fixed: string[] = [];
  for (const entity of target.org.entities.values()) {
    const slots = entity.store.corrupted();
    for (const slot of slots) entity.store.setCorrupted(slot, false);
    fixed.push(...touchRecords(entity, slots, now, { bumpVersion: false, atMs: now, events }));
  }
  target.stats.mutations.fixed += fixed.length;
  target.notify(events);
  return { fixed };
}
