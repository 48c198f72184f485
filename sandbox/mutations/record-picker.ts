import { type Rng } from '../core/prng';
import { type OrgEntity } from '../org/org';

/**
 * Picks random live records for one batch of changes, each at most once per batch (a record
 * updated and deleted in one batch would make the returned ids lie).
 */
export class RecordPicker {
  private readonly taken = new Map<OrgEntity, Set<number>>();

  constructor(private readonly rng: Rng) {}

  /** A random live record not taken yet, or 0 when every live record is taken. */
  pick(entity: OrgEntity, accept: (slot: number) => boolean = () => true): number {
    const taken = this.takenOf(entity);
    const store = entity.store;
    for (let tries = 0; tries < 32; tries++) {
      const slot = store.randomLiveSlot(this.rng);
      if (slot !== 0 && !taken.has(slot) && accept(slot)) return this.take(entity, slot);
    }
    // Few records left to choose from: look at every one.
    for (let position = 0; position < store.liveCount; position++) {
      const slot = store.slotAt(position);
      if (!taken.has(slot) && accept(slot)) return this.take(entity, slot);
    }
    return 0;
  }

  /** Marks records as changed by this batch (created or re-created ones). */
  take(entity: OrgEntity, slot: number): number {
    this.takenOf(entity).add(slot);
    return slot;
  }

  private takenOf(entity: OrgEntity): Set<number> {
    let taken = this.taken.get(entity);
    if (!taken) {
      taken = new Set();
      this.taken.set(entity, taken);
    }
    return taken;
  }
}
