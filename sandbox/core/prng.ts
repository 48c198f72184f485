/**
 * Fast deterministic randomness. Record contents are never stored: they are re-rendered from
 * (seed, entity, slot, version) on every request, so the generator must be cheap to re-seed.
 */

/** Mixes the bits of a 32-bit integer (the murmur3 finalizer). */
export function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes up to four non-negative integers (each below 2^53) into one 32-bit seed; order matters. */
export function hashInts(a: number, b = 0, c = 0, d = 0): number {
  let h = mixIn(0x9e3779b9, a);
  h = mixIn(h, b);
  h = mixIn(h, c);
  return mixIn(h, d);
}

function mixIn(h: number, value: number): number {
  // High bits too, so seeds beyond 32 bits stay distinct.
  return mix32(mix32(h ^ (value | 0)) + ((value / 4294967296) | 0));
}

/** `[value, weight]` pairs for `Rng.weighted`. */
export type Weighted<T> = readonly (readonly [T, number])[];

/** A re-seedable mulberry32 generator: one instance can serve every record in turn. */
export class Rng {
  private current: number;

  constructor(seed = 0) {
    this.current = seed | 0;
  }

  /** Where the sequence is: `reseed(state)` (here or on another instance) continues it from there. */
  get state(): number {
    return this.current;
  }

  reseed(seed: number): this {
    this.current = seed | 0;
    return this;
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    let t = (this.current = (this.current + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform float in [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** One value of `[value, weight]` pairs, with probability proportional to its weight. */
  weighted<T>(entries: Weighted<T>): T {
    let total = 0;
    for (let i = 0; i < entries.length; i++) total += (entries[i] as readonly [T, number])[1];
    let roll = this.float() * total;
    for (let i = 0; i < entries.length - 1; i++) {
      const [value, weight] = entries[i] as readonly [T, number];
      roll -= weight;
      if (roll < 0) return value;
    }
    return (entries[entries.length - 1] as readonly [T, number])[0];
  }

  /** Up to `max` distinct items, in list order. */
  some<T>(items: readonly T[], max: number): T[] {
    const count = this.int(max + 1);
    const chosen: T[] = [];
    for (let i = 0; i < items.length && chosen.length < count; i++) {
      // Selection sampling: each item is kept with the probability that keeps the count exact.
      if (this.int(items.length - i) < count - chosen.length) chosen.push(items[i] as T);
    }
    return chosen;
  }
}
