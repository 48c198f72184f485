import type { RawPage } from '../connectors/api-client/types';
import type { EntityDefinition } from '../connectors/connector-definition';
import { type ClassifiedRecords, classifyRecords } from './classify-records';

/** A page read from the API, validated, with the cursor that follows it. */
export interface FetchedPage<C> {
  readonly page: RawPage;
  readonly classified: ClassifiedRecords;
  readonly next: C;
}

export interface PrefetchSource<C> {
  readonly entity: EntityDefinition;
  /** Stop starting new pages after this time (epoch ms). */
  readonly deadline: number;
  readonly isComplete: (cursor: C) => boolean;
  readonly fetch: (cursor: C) => Promise<RawPage>;
  readonly advance: (cursor: C, page: RawPage, classified: ClassifiedRecords) => C;
}

/**
 * Reads a listing ahead of the database: pages are fetched one after the other (each cursor comes
 * from the page before) while the caller commits earlier ones, until `aheadRecords` records wait
 * to be taken, the listing ends or the deadline passes. A fetch failure ends the reading; it is
 * thrown by `take` once every page fetched before it has been taken, so those still commit.
 */
export class PagePrefetch<C> {
  private readonly ready: FetchedPage<C>[] = [];
  private readyRecords = 0;
  private failure: { readonly error: unknown } | undefined;
  private finished = false;
  private stopped = false;
  private wakeTaker: (() => void) | undefined;
  private wakeReader: (() => void) | undefined;

  constructor(
    private readonly source: PrefetchSource<C>,
    start: C,
    private readonly aheadRecords: number,
  ) {
    void this.read(start);
  }

  /**
   * The pages fetched so far, oldest first, up to about `maxRecords` records (at least one page);
   * waits for one if none is ready. Empty once the reading has ended and every page was taken.
   */
  async take(maxRecords: number): Promise<FetchedPage<C>[]> {
    while (this.ready.length === 0 && !this.finished) {
      await new Promise<void>((resolve) => (this.wakeTaker = resolve));
    }
    if (this.ready.length === 0 && this.failure) throw this.failure.error;
    let count = 0;
    let records = 0;
    while (count < this.ready.length && (count === 0 || records + weight(this.ready[count]!) <= maxRecords)) {
      records += weight(this.ready[count]!);
      count += 1;
    }
    const taken = this.ready.splice(0, count);
    this.readyRecords -= records;
    this.wake('reader');
    return taken;
  }

  /** Stops reading: a fetch in flight is dropped when it returns. */
  stop(): void {
    this.stopped = true;
    this.wake('reader');
  }

  private async read(start: C): Promise<void> {
    const { source } = this;
    let cursor = start;
    try {
      while (!this.stopped && !source.isComplete(cursor) && Date.now() < source.deadline) {
        while (this.readyRecords >= this.aheadRecords && !this.stopped) {
          await new Promise<void>((resolve) => (this.wakeReader = resolve));
        }
        if (this.stopped) break;
        const page = await source.fetch(cursor);
        if (this.stopped) break;
        const classified = classifyRecords(source.entity, page.records);
        const next = source.advance(cursor, page, classified);
        const fetched = { page, classified, next };
        this.ready.push(fetched);
        this.readyRecords += weight(fetched);
        cursor = next;
        this.wake('taker');
      }
    } catch (error) {
      this.failure = { error };
    } finally {
      this.finished = true;
      this.wake('taker');
    }
  }

  private wake(who: 'taker' | 'reader'): void {
    const resolve = who === 'taker' ? this.wakeTaker : this.wakeReader;
    if (who === 'taker') this.wakeTaker = undefined;
    else this.wakeReader = undefined;
    resolve?.();
  }
}

/** A page's size in records; an empty page counts as one, so empty pages cannot run ahead without bound. */
function weight(fetched: FetchedPage<unknown>): number {
  return Math.max(1, fetched.page.records.length);
}
