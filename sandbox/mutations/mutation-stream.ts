import { type Weighted } from '../core/prng';
import { applyMutations, type MutationBatch } from './mutation-engine';
import { type MutationTarget } from './mutation-target';

type Kind = 'creates' | 'updates' | 'deletes' | 'recreates' | 'late';

const KINDS: Weighted<Kind> = [
  ['updates', 60],
  ['creates', 15],
  ['deletes', 10],
  ['recreates', 5],
  ['late', 10],
];
const KINDS_WITHOUT_LATE = KINDS.filter(([kind]) => kind !== 'late');
/** Mutations per tick at most, so a huge rate cannot stall the event loop. */
const MAX_PER_TICK = 10_000;

/**
 * The background stream of an org's changes at `perMinute`: a mix of creates, updates, deletes,
 * re-creations and (when `lateMs` > 0) late writes, plus a tie burst of 2–10 records every
 * `tieBurstEvery` mutations. Paced by the real clock in small batches.
 */
export class MutationStream {
  private timer: NodeJS.Timeout | undefined;
  private lastTickMs = 0;
  private budget = 0;
  private rate = 0;

  constructor(private readonly target: MutationTarget) {}

  /** Follows the org's current settings (call after they change). */
  refresh(): void {
    const rate = this.target.org.mutations.perMinute;
    if (rate === this.rate) return;
    this.stop();
    this.rate = rate;
    if (rate <= 0) return;
    this.lastTickMs = Date.now();
    const tickMs = Math.min(1000, Math.max(25, 60_000 / rate));
    this.timer = setInterval(() => this.tick(), tickMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.rate = 0;
    this.budget = 0;
  }

  private tick(): void {
    const now = Date.now();
    this.budget = Math.min(MAX_PER_TICK, this.budget + ((now - this.lastTickMs) * this.rate) / 60_000);
    this.lastTickMs = now;
    const count = Math.floor(this.budget);
    if (count === 0) return;
    this.budget -= count;
    const { org } = this.target;
    const { lateMs, tieBurstEvery } = org.mutations;
    const rng = org.mutationRng;
    const batch: Record<Kind | 'tieBurst', number> = {
      creates: 0,
      updates: 0,
      deletes: 0,
      recreates: 0,
      late: 0,
      tieBurst: 0,
    };
    for (let i = 0; i < count; i++) {
      batch[rng.weighted(lateMs > 0 ? KINDS : KINDS_WITHOUT_LATE)]++;
      if (tieBurstEvery > 0 && ++org.mutationsSinceBurst >= tieBurstEvery) {
        org.mutationsSinceBurst = 0;
        batch.tieBurst += 2 + rng.int(9);
      }
    }
    try {
      applyMutations(this.target, batch satisfies MutationBatch);
    } catch {
      // Only an org out of ids can fail here: stop (and say so in its settings) rather than
      // throw from a timer on every tick.
      org.mutations = { ...org.mutations, perMinute: 0 };
      this.stop();
    }
  }
}
