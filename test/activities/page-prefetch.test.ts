import { z } from 'zod';
import type { EntityDefinition } from '../../connectors/connector-definition';
import { type FetchedPage, PagePrefetch, type PrefetchSource } from '../../activities/page-prefetch';

const thing: EntityDefinition = {
  name: 'things',
  dependsOn: [],
  paths: { list: '/things', get: '/things/{id}', ids: '/things/ids' },
  schema: z.object({ id: z.string(), updated_at: z.string() }),
  table: 'things',
  columns: {},
  transform: () => ({}),
};

/** A listing of `pages` pages of `size` records; the cursor is the page number. */
function listing(pages: number, size: number, options: { failAt?: number; deadline?: number } = {}) {
  const fetched: number[] = [];
  const pending: (() => void)[] = [];
  let held = false;
  const source: PrefetchSource<number> = {
    entity: thing,
    deadline: options.deadline ?? Number.MAX_SAFE_INTEGER,
    isComplete: (cursor) => cursor >= pages,
    fetch: async (cursor) => {
      if (held) await new Promise<void>((resolve) => pending.push(resolve));
      fetched.push(cursor);
      if (cursor === options.failAt) throw new Error(`page ${cursor} failed`);
      const records = Array.from({ length: size }, (_, index) => ({
        id: `${cursor}-${index}`,
        updated_at: '2026-01-01T00:00:00Z',
      }));
      return { records, next: null };
    },
    advance: (cursor) => cursor + 1,
  };
  return {
    source,
    fetched,
    hold: () => (held = true),
    release: () => {
      held = false;
      pending.splice(0).forEach((resolve) => resolve());
    },
  };
}

const cursors = (batch: readonly FetchedPage<number>[]) => batch.map((item) => item.next);

/** Lets the reader run until it waits (for room, or for a held fetch). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('PagePrefetch', () => {
  it('hands out every page once, in order, in batches bounded by records, then nothing', async () => {
    const { source } = listing(7, 500);
    const reader = new PagePrefetch(source, 0, 2_000);
    await settle();
    const seen: number[] = [];
    for (;;) {
      const batch = await reader.take(2_000);
      if (batch.length === 0) break;
      expect(batch.length).toBeLessThanOrEqual(4);
      seen.push(...cursors(batch));
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('stops reading ahead once `aheadRecords` wait to be taken', async () => {
    const { source, fetched } = listing(100, 500);
    const reader = new PagePrefetch(source, 0, 1_500);
    await settle();
    expect(fetched).toEqual([0, 1, 2]);
    expect(cursors(await reader.take(1_000))).toEqual([1, 2]);
    await settle();
    expect(fetched).toEqual([0, 1, 2, 3, 4]);
    reader.stop();
  });

  it('takes at least one page even when it is larger than the batch bound', async () => {
    const { source } = listing(2, 3_000);
    const reader = new PagePrefetch(source, 0, 2_000);
    expect(cursors(await reader.take(2_000))).toEqual([1]);
    expect(cursors(await reader.take(2_000))).toEqual([2]);
    expect(await reader.take(2_000)).toEqual([]);
  });

  it('gives the pages fetched before a failure first, then throws it', async () => {
    const { source } = listing(10, 100, { failAt: 3 });
    const reader = new PagePrefetch(source, 0, 10_000);
    await settle();
    expect(cursors(await reader.take(10_000))).toEqual([1, 2, 3]);
    await expect(reader.take(10_000)).rejects.toThrow('page 3 failed');
  });

  it('starts no page after the deadline', async () => {
    const { source, fetched } = listing(10, 100, { deadline: 0 });
    const reader = new PagePrefetch(source, 0, 10_000);
    expect(await reader.take(10_000)).toEqual([]);
    expect(fetched).toEqual([]);
  });

  it('drops a fetch in flight when stopped', async () => {
    const { source, fetched, hold, release } = listing(10, 100);
    hold();
    const reader = new PagePrefetch(source, 0, 10_000);
    await settle();
    reader.stop();
    release();
    await settle();
    expect(fetched).toEqual([0]);
    expect(await reader.take(10_000)).toEqual([]);
  });
});
