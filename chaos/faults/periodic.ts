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
