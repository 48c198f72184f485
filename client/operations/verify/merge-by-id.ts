/** One id seen on either side of a merge: `source`, `stored`, or both. */
export interface Merged<S, D> {
  readonly id: string;
  readonly source: S | undefined;
  readonly stored: D | undefined;
}

/**
 * Walks two id-ordered streams side by side (a sort-merge join), holding one item of each in
 * memory: comparing millions of ids costs no more memory than comparing ten.
 */
export async function* mergeById<S, D>(
  source: AsyncIterable<S>,
  stored: AsyncIterable<D>,
  sourceId: (item: S) => string,
  storedId: (item: D) => string,
): AsyncGenerator<Merged<S, D>> {
  const left = source[Symbol.asyncIterator]();
  const right = stored[Symbol.asyncIterator]();
  let a = await left.next();
  let b = await right.next();
  while (!a.done || !b.done) {
    if (b.done || (!a.done && sourceId(a.value) < storedId(b.value))) {
      const item = a.value as S;
      yield { id: sourceId(item), source: item, stored: undefined };
      a = await left.next();
    } else if (a.done || storedId(b.value) < sourceId(a.value)) {
      yield { id: storedId(b.value), source: undefined, stored: b.value };
      b = await right.next();
    } else {
      yield { id: sourceId(a.value), source: a.value, stored: b.value };
      [a, b] = await Promise.all([left.next(), right.next()]);
    }
  }
}
