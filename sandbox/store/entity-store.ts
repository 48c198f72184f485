import { type Rng } from '../core/prng';
import { MAX_SLOT } from '../core/ids';
import { CapacityError } from '../errors';
import { checkSnapshot, CORRUPTED, DELETED, type EntityStoreSnapshot } from './entity-store-snapshot';

/**
 * The state of one entity of one org, without a JS object per record: typed arrays indexed by
 * slot (the number in the id; index 0 unused) hold timestamps, version and flags, and `order`
 * holds the live slots sorted by (updated_at, slot), which is (updated_at, id) since ids are
 * zero-padded. Keyset and offset listing are binary searches and index reads on `order`; a write
 * moves records in it with one shift of the typed array.
 */
export class EntityStore {
  private created: Float64Array;
  private updated: Float64Array;
  private versions: Uint32Array;
  private flags: Uint8Array;
  private order: Int32Array;
  private live = 0;
  private top = 0;
  private writes = 0;
  /** Deleted slots, in no order: re-creations pick from them. */
  private readonly deletedSlots: number[] = [];
  private readonly corruptedSlots = new Set<number>();

  /** Takes arrays indexed by slot (index 0 unused), e.g. from `seedTimeline`. */
  constructor(created: Float64Array, updated: Float64Array) {
    const count = created.length - 1;
    this.created = created;
    this.updated = updated;
    this.versions = new Uint32Array(created.length);
    this.flags = new Uint8Array(created.length);
    this.order = new Int32Array(created.length);
    for (let slot = 1; slot <= count; slot++) this.order[slot - 1] = slot;
    this.order.subarray(0, count).sort((a, b) => this.compare(a, b));
    this.live = count;
    this.top = count;
  }

  /**
   * A store continuing from a snapshot, checked first (the arrays agree in size, `order` is sorted
   * and holds exactly the live slots, the lists name slots of the right kind); throws on a mismatch.
   */
  static restore(snapshot: EntityStoreSnapshot): EntityStore {
    checkSnapshot(snapshot);
    const store = new EntityStore(new Float64Array(1), new Float64Array(1));
    store.created = snapshot.created;
    store.updated = snapshot.updated;
    store.versions = snapshot.versions;
    store.flags = snapshot.flags;
    // As long as the other arrays: writes append to it in place.
    store.order = new Int32Array(snapshot.created.length);
    store.order.set(snapshot.order);
    store.live = snapshot.order.length;
    store.top = snapshot.created.length - 1;
    store.writes = snapshot.writes;
    for (const slot of snapshot.deleted) store.deletedSlots.push(slot);
    for (const slot of snapshot.corrupted) store.corruptedSlots.add(slot);
    return store;
  }

  /** The whole state, as views of the live arrays (see `EntityStoreSnapshot`). */
  snapshot(): EntityStoreSnapshot {
    const length = this.top + 1;
    return {
      created: this.created.subarray(0, length),
      updated: this.updated.subarray(0, length),
      versions: this.versions.subarray(0, length),
      flags: this.flags.subarray(0, length),
      order: this.order.subarray(0, this.live),
      deleted: Int32Array.from(this.deletedSlots),
      corrupted: Int32Array.from(this.corruptedSlots),
      writes: this.writes,
    };
  }

  /** Changes so far: equal counts mean an unchanged store. */
  get writeCount(): number {
    return this.writes;
  }

  /** Records not deleted. */
  get liveCount(): number {
    return this.live;
  }

  /** The highest slot ever used: ids run from 1 to it. */
  get topSlot(): number {
    return this.top;
  }

  get deletedCount(): number {
    return this.deletedSlots.length;
  }

  isLive(slot: number): boolean {
    return (
      Number.isInteger(slot) && slot >= 1 && slot <= this.top && ((this.flags[slot] ?? 0) & DELETED) === 0
    );
  }

  isCorrupted(slot: number): boolean {
    return ((this.flags[slot] ?? 0) & CORRUPTED) !== 0;
  }

  createdAt(slot: number): number {
    return this.created[slot] ?? 0;
  }

  updatedAt(slot: number): number {
    return this.updated[slot] ?? 0;
  }

  version(slot: number): number {
    return this.versions[slot] ?? 0;
  }

  /** The live slot at `position` in (updated_at, id) order. */
  slotAt(position: number): number {
    return this.order[position] ?? 0;
  }

  /** A uniformly random live slot, or 0 when none is live. */
  randomLiveSlot(rng: Rng): number {
    return this.live === 0 ? 0 : this.slotAt(rng.int(this.live));
  }

  /** The first position whose updated_at is at or after `ms`. */
  positionAtOrAfter(ms: number): number {
    return this.lowerBound(ms, 0);
  }

  /** The first position strictly after the key (`ms`, `slot`). */
  positionAfter(ms: number, slot: number): number {
    return this.lowerBound(ms, slot + 1);
  }

  /** The first live slot above `slot` in id order, or 0. */
  nextLiveSlot(slot: number): number {
    for (let next = Math.max(0, Math.floor(slot)) + 1; next <= this.top; next++) {
      if (((this.flags[next] ?? 0) & DELETED) === 0) return next;
    }
    return 0;
  }

  corrupted(): readonly number[] {
    return [...this.corruptedSlots];
  }

  setCorrupted(slot: number, corrupted: boolean): void {
    this.writes++;
    if (corrupted) {
      this.flags[slot] = (this.flags[slot] ?? 0) | CORRUPTED;
      this.corruptedSlots.add(slot);
    } else {
      this.flags[slot] = (this.flags[slot] ?? 0) & ~CORRUPTED;
      this.corruptedSlots.delete(slot);
    }
  }

  /** Gives live records new updated_at values (one per slot, or one for all) and moves them. */
  touch(slots: readonly number[], updatedAtMs: number | readonly number[], bumpVersion: boolean): void {
    this.writes++;
    this.removeFromOrder(slots);
    slots.forEach((slot, i) => {
      this.updated[slot] = typeof updatedAtMs === 'number' ? updatedAtMs : (updatedAtMs[i] ?? 0);
      if (bumpVersion) this.versions[slot] = (this.versions[slot] ?? 0) + 1;
    });
    this.insertIntoOrder(slots);
  }

  /** Deletes live records: they leave the listings and wait for a re-creation. */
  remove(slots: readonly number[]): void {
    this.writes++;
    this.removeFromOrder(slots);
    for (const slot of slots) {
      this.flags[slot] = DELETED;
      this.corruptedSlots.delete(slot);
      this.deletedSlots.push(slot);
    }
  }

  /** Brings back up to `count` random deleted records with their old ids; returns their slots. */
  reviveRandom(rng: Rng, count: number, updatedAtMs: number): number[] {
    this.writes++;
    const revived: number[] = [];
    while (revived.length < count && this.deletedSlots.length > 0) {
      const index = rng.int(this.deletedSlots.length);
      const slot = this.deletedSlots[index] ?? 0;
      this.deletedSlots[index] = this.deletedSlots[this.deletedSlots.length - 1] ?? 0;
      this.deletedSlots.pop();
      this.flags[slot] = 0;
      this.updated[slot] = updatedAtMs;
      this.versions[slot] = (this.versions[slot] ?? 0) + 1;
      revived.push(slot);
    }
    this.insertIntoOrder(revived);
    return revived;
  }

  /** Creates `count` records after the highest slot; returns their slots. */
  append(count: number, createdAtMs: number): number[] {
    if (this.top + count > MAX_SLOT) throw new CapacityError(MAX_SLOT, this.top + count);
    this.writes++;
    this.ensureCapacity(this.top + count + 1);
    const slots: number[] = [];
    for (let i = 0; i < count; i++) {
      const slot = ++this.top;
      this.created[slot] = createdAtMs;
      this.updated[slot] = createdAtMs;
      slots.push(slot);
    }
    this.insertIntoOrder(slots);
    return slots;
  }

  private compare(a: number, b: number): number {
    return (this.updated[a] ?? 0) - (this.updated[b] ?? 0) || a - b;
  }

  /** First position whose (updated_at, slot) is at or after (`ms`, `slot`). */
  private lowerBound(ms: number, slot: number): number {
    let low = 0;
    let high = this.live;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const midSlot = this.order[mid] ?? 0;
      const midMs = this.updated[midSlot] ?? 0;
      if (midMs < ms || (midMs === ms && midSlot < slot)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Takes live slots out of `order` (by their current keys) in one left shift per gap. */
  private removeFromOrder(slots: readonly number[]): void {
    if (slots.length === 0) return;
    const positions = slots
      .map((slot) => {
        const position = this.lowerBound(this.updated[slot] ?? 0, slot);
        // A slot that is not live would take another record's place: refuse rather than corrupt.
        if (this.order[position] !== slot || position >= this.live)
          throw new Error(`Slot ${slot} is not live`);
        return position;
      })
      .sort((a, b) => a - b);
    let write = positions[0] ?? 0;
    positions.forEach((position, k) => {
      const end = positions[k + 1] ?? this.live;
      this.order.copyWithin(write, position + 1, end);
      write += end - position - 1;
    });
    this.live -= positions.length;
  }

  /** Puts slots (not in `order`) at their keys: a merge from the back, so only the tail moves. */
  private insertIntoOrder(slots: readonly number[]): void {
    const sorted = [...slots].sort((a, b) => this.compare(a, b));
    let from = this.live - 1;
    let next = sorted.length - 1;
    let write = this.live + sorted.length - 1;
    while (next >= 0) {
      const candidate = sorted[next] ?? 0;
      const existing = from >= 0 ? (this.order[from] ?? 0) : 0;
      if (from >= 0 && this.compare(existing, candidate) > 0) {
        this.order[write--] = existing;
        from--;
      } else {
        this.order[write--] = candidate;
        next--;
      }
    }
    this.live += sorted.length;
  }

  private ensureCapacity(length: number): void {
    if (length <= this.created.length) return;
    const capacity = Math.max(length, Math.ceil(this.created.length * 1.5));
    this.created = grow(this.created, new Float64Array(capacity));
    this.updated = grow(this.updated, new Float64Array(capacity));
    this.versions = grow(this.versions, new Uint32Array(capacity));
    this.flags = grow(this.flags, new Uint8Array(capacity));
    this.order = grow(this.order, new Int32Array(capacity));
  }
}

function grow<T extends Float64Array | Uint32Array | Uint8Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
