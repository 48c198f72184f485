/** The p-th percentile (0–100) of values, nearest-rank; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Rounds to `digits` decimals (results stay readable numbers in JSON). */
export function round(value: number, digits = 0): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Seconds since `startedMs` (performance.now()). */
export function secondsSince(startedMs: number): number {
  return (performance.now() - startedMs) / 1000;
}
