/**
 * Runs `task` for every item with at most `limit` running at once; resolves when all are done,
 * rejects with the first failure (after letting the running ones settle). Deterministic: items
 * start in order.
 */
export async function boundedAll<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: unknown;
  const lane = async () => {
    while (next < items.length && failure === undefined) {
      const item = items[next++] as T;
      try {
        await task(item);
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what the task threw, as is
  if (failure !== undefined) throw failure;
}
