import { type z } from 'zod';
import { type MutationResult, type mutateBody } from '../admin-api';
import { formatId, parseId } from '../core/ids';
import { type Weighted } from '../core/prng';
import { toIso } from '../core/time';
import { SandboxHttpError } from '../errors';
import { type OrgEntity } from '../org/org';
import { type RecordEvent } from '../org/record-event';
import { type MutationTarget } from './mutation-target';
import { RecordPicker } from './record-picker';
import { touchRecords } from './touch-records';

export type MutationBatch = z.output<typeof mutateBody>;

/**
 * Applies one batch of changes now, in this order: creates, re-creates of deleted ids, updates,
 * a tie burst (updates of one entity sharing one updated_at to the millisecond), late writes
 * (updated_at up to `lateMs` in the past when they become visible), deletes. Every record changes
 * at most once per batch. Records are chosen at random (seeded per org), from `entity` or from
 * every entity of the org in proportion to its share, except those `updateIds` and `deleteIds` name. Webhooks go out after the whole batch.
 */
export function applyMutations(target: MutationTarget, batch: MutationBatch): MutationResult {
  const { org } = target;
  const rng = org.mutationRng;
  const now = org.now();
  const entities = entitiesOf(target, batch.entity);
  const shares: Weighted<OrgEntity> = entities.map((entity) => [entity, entity.definition.share]);
  const pickEntity = (): OrgEntity => rng.weighted(shares);
  const picker = new RecordPicker(rng);
  const events: RecordEvent[] = [];

  const created: string[] = [];
  for (const [entity, count] of tally(batch.creates ?? 0, pickEntity)) {
    for (const slot of entity.store.append(count, now)) {
      picker.take(entity, slot);
      created.push(announceCreated(entity, slot, now, events));
    }
  }

  const recreated: string[] = [];
  for (let i = 0; i < (batch.recreates ?? 0); i++) {
    const withDeleted = entities.filter((entity) => entity.store.deletedCount > 0);
    if (withDeleted.length === 0) break;
    const entity = rng.weighted(
      withDeleted.map((candidate) => [candidate, candidate.store.deletedCount] as const),
    );
    for (const slot of entity.store.reviveRandom(rng, 1, now)) {
      picker.take(entity, slot);
      recreated.push(announceCreated(entity, slot, now, events));
    }
  }

  const touch = (
    count: number,
    entityOf: () => OrgEntity,
    timeOf: (previousMs: number) => number,
  ): string[] => {
    const groups = new Map<OrgEntity, { slots: number[]; times: number[] }>();
    for (let i = 0; i < count; i++) {
      const entity = entityOf();
      const slot = picker.pick(entity);
      if (slot === 0) continue;
      const group = groups.get(entity) ?? { slots: [], times: [] };
      groups.set(entity, group);
      group.slots.push(slot);
      group.times.push(timeOf(entity.store.updatedAt(slot)));
    }
    return [...groups].flatMap(([entity, { slots, times }]) =>
      touchRecords(entity, slots, times, { bumpVersion: true, atMs: now, events }),
    );
  };
  const named = namedSlots(target, batch, 'updateIds', picker);
  const updated = named
    ? touchRecords(named.entity, named.slots, now, { bumpVersion: true, atMs: now, events })
    : [];
  updated.push(...touch(batch.updates ?? 0, pickEntity, () => now));
  // Without an entity, the burst goes to the largest one, so that it can span pages.
  const burstEntity = entities.reduce((a, b) => (b.store.liveCount > a.store.liveCount ? b : a));
  const tieBurst = touch(
    batch.tieBurst ?? 0,
    () => burstEntity,
    () => now,
  );
  const lateMs = batch.lateMs ?? org.mutations.lateMs;
  // Never before the record's previous updated_at: a record's own history stays in order.
  const late = touch(batch.late ?? 0, pickEntity, (previousMs) =>
    Math.min(now, Math.max(previousMs + 1, now - 1 - rng.int(Math.max(1, lateMs)))),
  );

  const deleted: string[] = deleteNamed(target, batch, picker);
  for (const [entity, count] of tally(batch.deletes ?? 0, pickEntity)) {
    const slots: number[] = [];
    for (let i = 0; i < count; i++) {
      const slot = picker.pick(entity);
      if (slot !== 0) slots.push(slot);
    }
    entity.store.remove(slots);
    for (const slot of slots) deleted.push(formatId(entity.definition.prefix, slot));
  }

  const counters = target.stats.mutations;
  counters.created += created.length;
  counters.recreated += recreated.length;
  counters.updated += updated.length;
  counters.tieBurst += tieBurst.length;
  counters.late += late.length;
  counters.deleted += deleted.length;
  target.notify(events);
  return {
    created,
    updated,
    deleted,
    recreated,
    tieBurst,
    late,
    tieUpdatedAt: tieBurst.length > 0 ? toIso(now) : null,
  };
}

/** The entities a batch may touch: the one asked for (which the org must serve), or all. */
export function entitiesOf(target: MutationTarget, name: string | undefined): OrgEntity[] {
  if (name === undefined) return [...target.org.entities.values()];
  const entity = target.org.entity(name);
  if (!entity)
    throw new SandboxHttpError(400, 'invalid_body', `entity: org ${target.org.id} serves no ${name}`);
  return [entity];
}

/** Deletes the live records `deleteIds` names. */
function deleteNamed(target: MutationTarget, batch: MutationBatch, picker: RecordPicker): string[] {
  const named = namedSlots(target, batch, 'deleteIds', picker);
  if (!named) return [];
  named.entity.store.remove(named.slots);
  return [...batch.deleteIds!];
}

/**
 * The live records of `entity` (which the batch must name) that `deleteIds` or `updateIds` lists,
 * taken from the picker so that nothing else in the batch changes them; unknown ids are a 400.
 */
function namedSlots(
  target: MutationTarget,
  batch: MutationBatch,
  field: 'deleteIds' | 'updateIds',
  picker: RecordPicker,
): { entity: OrgEntity; slots: number[] } | undefined {
  const ids = batch[field];
  if (!ids?.length) return undefined;
  if (batch.entity === undefined) throw new SandboxHttpError(400, 'invalid_body', `${field}: needs entity`);
  const [entity] = entitiesOf(target, batch.entity);
  const slots = ids.map((id) => {
    const slot = parseId(entity!.definition.prefix, id);
    if (slot === undefined || !entity!.store.isLive(slot)) {
      throw new SandboxHttpError(400, 'invalid_body', `${field}: ${id} is not a live ${batch.entity} record`);
    }
    picker.take(entity!, slot);
    return slot;
  });
  return { entity: entity!, slots };
}

/** How many of `count` go to each entity. */
function tally(count: number, pickEntity: () => OrgEntity): Map<OrgEntity, number> {
  const counts = new Map<OrgEntity, number>();
  for (let i = 0; i < count; i++) {
    const entity = pickEntity();
    counts.set(entity, (counts.get(entity) ?? 0) + 1);
  }
  return counts;
}

function announceCreated(entity: OrgEntity, slot: number, now: number, events: RecordEvent[]): string {
  const id = formatId(entity.definition.prefix, slot);
  events.push({ type: 'created', entity: entity.definition.name, id, updatedAtMs: now, atMs: now });
  return id;
}
