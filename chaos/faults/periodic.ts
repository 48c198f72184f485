/**
 * Runs `step` every `everyMs` until `stopped()`; a failing step is counted, not fatal (the fleet
 * is being broken on purpose: a trigger may hit a restarting server).
 */
export async function every(
  everyMs: number,
  stopped: () => boolean,
  step: () => Promise<unknown>,
): Promise<number> {
  let failures = 0;
  while (!stopped()) {
    const started = Date.now();
    try {
      await step();
    } catch {
      failures += 1;
    }
    const rest = everyMs - (Date.now() - started);
    if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
  }
  return failures;
}

/** A seeded PRNG (mulberry32), so a run's choices replay from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
