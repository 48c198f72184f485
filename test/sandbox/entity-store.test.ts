import { formatId, MAX_SLOT, parseId } from '../../sandbox/core/ids';
import { Rng } from '../../sandbox/core/prng';
import { isoDay, parseIsoTimestamp, toIso } from '../../sandbox/core/time';
import { EntityStore } from '../../sandbox/store/entity-store';
import { type EntityStoreSnapshot } from '../../sandbox/store/entity-store-snapshot';
import { seedTimeline } from '../../sandbox/store/seed-timeline';

/** The live slots in (updated_at, slot) order, computed the slow and obvious way. */
function expectedOrder(store: EntityStore): number[] {
  const live: number[] = [];
  for (let slot = 1; slot <= store.topSlot; slot++) if (store.isLive(slot)) live.push(slot);
  return live.sort((a, b) => store.updatedAt(a) - store.updatedAt(b) || a - b);
}

function actualOrder(store: EntityStore): number[] {
  return Array.from({ length: store.liveCount }, (_, position) => store.slotAt(position));
}

/** One random write of any kind, at `now` (late writes before it), as mutations make them. */
function writeRandomly(store: EntityStore, rng: Rng, now: number): void {
  const picked = new Set<number>();
  for (let i = 0; i < 1 + rng.int(6); i++) picked.add(store.randomLiveSlot(rng));
  const slots = [...picked].filter((slot) => slot !== 0);
  switch (rng.int(6)) {
    case 0:
      store.touch(slots, now, true);
      break;
    case 1:
      // Late writes: timestamps in the past, one per record.
      store.touch(
        slots,
        slots.map((slot) => store.updatedAt(slot) + 1 + rng.int(1000)),
        true,
      );
      break;
    case 2:
      store.remove(slots);
      break;
    case 3:
      store.reviveRandom(rng, 1 + rng.int(3), now);
      break;
    case 4:
      for (const slot of slots) store.setCorrupted(slot, !store.isCorrupted(slot));
      break;
    default:
      store.append(1 + rng.int(40), now);
  }
}

/** A snapshot with copies of its arrays, as the state file gives them back. */
function copyOf(store: EntityStore): EntityStoreSnapshot {
  const snapshot = store.snapshot();
  return {
    created: snapshot.created.slice(),
    updated: snapshot.updated.slice(),
    versions: snapshot.versions.slice(),
    flags: snapshot.flags.slice(),
    order: snapshot.order.slice(),
    deleted: snapshot.deleted.slice(),
    corrupted: snapshot.corrupted.slice(),
    writes: snapshot.writes,
  };
}

describe('EntityStore', () => {
  it('keeps live records sorted by (updated_at, id) through random writes', () => {
    const rng = new Rng(7);
    const { created, updated } = seedTimeline(300, rng);
    const store = new EntityStore(created, updated);
    expect(actualOrder(store)).toEqual(expectedOrder(store));
    let now = Date.UTC(2026, 0, 1);
    for (let step = 0; step < 200; step++) {
      now += rng.int(3);
      writeRandomly(store, rng, now);
      expect(actualOrder(store)).toEqual(expectedOrder(store));
    }
    expect(store.topSlot).toBeGreaterThan(300);
  });

  it('restored from a snapshot, goes on exactly as the original would', () => {
    const rng = new Rng(11);
    const { created, updated } = seedTimeline(200, rng);
    const original = new EntityStore(created, updated);
    let now = Date.UTC(2026, 0, 1);
    for (let step = 0; step < 100; step++) writeRandomly(original, rng, (now += 1));
    const restored = EntityStore.restore(copyOf(original));
    expect(copyOf(restored)).toEqual(copyOf(original));
    const [rngA, rngB] = [new Rng(rng.state), new Rng(rng.state)];
    // Creates grow the restored arrays, re-creations draw from the restored deleted list.
    for (let step = 0; step < 100; step++) {
      now += 1;
      writeRandomly(original, rngA, now);
      writeRandomly(restored, rngB, now);
    }
    expect(copyOf(restored)).toEqual(copyOf(original));
    expect(actualOrder(restored)).toEqual(expectedOrder(restored));
    expect(restored.corrupted()).toEqual(original.corrupted());
  });

  it.each<[string, (snapshot: EntityStoreSnapshot) => EntityStoreSnapshot, RegExp]>([
    ['arrays of unequal length', (s) => ({ ...s, versions: s.versions.slice(1) }), /differ in length/],
    ['a live slot missing from order', (s) => ({ ...s, order: s.order.slice(1) }), /do not add up/],
    [
      'a deleted slot listed twice',
      (s) => ({ ...s, deleted: s.deleted.map(() => s.deleted[0] ?? 0) }),
      /deleted list/,
    ],
    [
      'an unknown flag',
      (s) => ({ ...s, flags: s.flags.map((flag, slot) => (slot === 1 ? 4 : flag)) }),
      /flags 4/,
    ],
    ['order unsorted', (s) => ({ ...s, order: s.order.slice().reverse() }), /order is not sorted/],
    [
      'a timestamp that is not a number',
      (s) => ({ ...s, updated: s.updated.map(() => NaN) }),
      /valid timestamps/,
    ],
  ])('refuses a snapshot with %s', (_case, damage, problem) => {
    const { created, updated } = seedTimeline(50, new Rng(3));
    const store = new EntityStore(created, updated);
    store.remove([7, 9]);
    store.setCorrupted(3, true);
    expect(() => EntityStore.restore(damage(copyOf(store)))).toThrow(problem);
  });

  it('finds keyset and inclusive lower bounds by binary search', () => {
    const at = Date.UTC(2024, 5, 1);
    const store = new EntityStore(
      new Float64Array([0, at, at, at, at]),
      new Float64Array([0, at, at + 5, at + 5, at + 9]),
    );
    expect(store.positionAtOrAfter(at + 5)).toBe(1);
    expect(store.positionAfter(at + 5, 2)).toBe(2);
    expect(store.positionAfter(at + 5, 3)).toBe(3);
    expect(store.positionAtOrAfter(at + 10)).toBe(4);
  });

  it('refuses creates past the largest 7-digit id', () => {
    const store = new EntityStore(new Float64Array([0, 1]), new Float64Array([0, 1]));
    expect(() => store.append(MAX_SLOT, 2)).toThrow(expect.objectContaining({ name: 'CapacityError' }));
    expect(store.topSlot).toBe(1);
  });

  it('refuses to move a record that is not live rather than corrupt the index', () => {
    const store = new EntityStore(new Float64Array([0, 1, 2]), new Float64Array([0, 1, 2]));
    store.remove([1]);
    expect(() => store.touch([1], 5, true)).toThrow('Slot 1 is not live');
    expect(actualOrder(store)).toEqual([2]);
  });
});

describe('fast formatting', () => {
  it('formats timestamps exactly as Date#toISOString', () => {
    const rng = new Rng(3);
    for (let i = 0; i < 2000; i++) {
      const ms = Date.UTC(1990, 0, 1) + Math.floor(rng.float() * 60 * 365 * 86_400_000);
      expect(toIso(ms)).toBe(new Date(ms).toISOString());
    }
    expect(isoDay(0)).toBe('1970-01-01');
  });

  it('parses ISO 8601 timestamps and refuses anything else', () => {
    expect(parseIsoTimestamp('2026-11-26T21:00:00.123Z')).toBe(Date.UTC(2026, 10, 26, 21, 0, 0, 123));
    expect(parseIsoTimestamp('2026-11-26T21:00:00.123456Z')).toBe(Date.UTC(2026, 10, 26, 21, 0, 0, 123));
    expect(parseIsoTimestamp('2026-11-26T22:00:00+01:00')).toBe(Date.UTC(2026, 10, 26, 21));
    expect(parseIsoTimestamp('2026-11-26')).toBe(Date.UTC(2026, 10, 26));
    for (const bad of ['yesterday', '1700000000000', '2026-13-01T00:00:00Z', '2026-11-26 21:00:00']) {
      expect(parseIsoTimestamp(bad)).toBeUndefined();
    }
  });

  it('pads ids so string order is numeric order', () => {
    expect(formatId('per', 42)).toBe('per_0000042');
    expect(parseId('per', 'per_0000042')).toBe(42);
    expect(parseId('per', 'tor_0000042')).toBeUndefined();
    expect(parseId('per', 'per_42')).toBeUndefined();
    expect(formatId('per', 9) < formatId('per', 10)).toBe(true);
    for (const slot of [1, 999, 1000, 1001, 99_999, 123_456, 1_000_000, MAX_SLOT]) {
      expect(formatId('tkt', slot)).toBe(`tkt_${String(slot).padStart(7, '0')}`);
    }
  });
});
