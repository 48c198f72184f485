import { type Rng } from '../core/prng';

/** One delivery of one webhook message (a duplicate is a second delivery of the same message). */
export interface Delivery {
  readonly msgId: string;
  readonly body: string;
  /** Attempts made so far. */
  attempt: number;
  /** Not before this time (ms since epoch). */
  dueAt: number;
  readonly duplicate: boolean;
}

/**
 * Deliveries waiting to be sent: a ready queue and a min-heap of those due later (first tries
 * with a delay, retries after backoff). Bounded: past `bound`, the oldest waiting one is dropped,
 * so a dead receiver cannot grow memory without limit.
 */
export class DeliveryQueue {
  private ready: Delivery[] = [];
  private readyHead = 0;
  private readonly later: Delivery[] = [];

  constructor(private readonly bound: number) {}

  get size(): number {
    return this.ready.length - this.readyHead + this.later.length;
  }

  /** Queues a delivery; returns the one dropped to stay within the bound, if any. */
  push(delivery: Delivery, nowMs: number): Delivery | undefined {
    if (delivery.dueAt <= nowMs) this.ready.push(delivery);
    else this.pushLater(delivery);
    return this.size > this.bound ? this.dropOldest() : undefined;
  }

  /** Moves deliveries that are due to the ready queue. */
  promoteDue(nowMs: number): void {
    while (this.later.length > 0 && (this.later[0]?.dueAt ?? Infinity) <= nowMs) {
      this.ready.push(this.popLater());
    }
  }

  /** When the next delayed delivery is due, if any. */
  nextDueAt(): number | undefined {
    return this.later[0]?.dueAt;
  }

  /** The next ready delivery: the oldest, or a random one (out of order) when `shuffle` is given. */
  take(shuffle?: Rng): Delivery | undefined {
    const waiting = this.ready.length - this.readyHead;
    if (waiting === 0) return undefined;
    if (shuffle && waiting > 1) {
      const index = this.readyHead + shuffle.int(waiting);
      const chosen = this.ready[index] as Delivery;
      this.ready[index] = this.ready[this.readyHead] as Delivery;
      this.ready[this.readyHead] = chosen;
    }
    const delivery = this.ready[this.readyHead++] as Delivery;
    if (this.readyHead > 1024 && this.readyHead * 2 > this.ready.length) {
      this.ready = this.ready.slice(this.readyHead);
      this.readyHead = 0;
    }
    return delivery;
  }

  clear(): void {
    this.ready = [];
    this.readyHead = 0;
    this.later.length = 0;
  }

  private dropOldest(): Delivery | undefined {
    return this.ready.length > this.readyHead ? this.take() : this.popLater();
  }

  private pushLater(delivery: Delivery): void {
    const heap = this.later;
    heap.push(delivery);
    let child = heap.length - 1;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if ((heap[parent] as Delivery).dueAt <= delivery.dueAt) break;
      heap[child] = heap[parent] as Delivery;
      child = parent;
    }
    heap[child] = delivery;
  }

  private popLater(): Delivery {
    const heap = this.later;
    const top = heap[0] as Delivery;
    const last = heap.pop() as Delivery;
    if (heap.length > 0) {
      let parent = 0;
      for (;;) {
        const left = 2 * parent + 1;
        if (left >= heap.length) break;
        const right = left + 1;
        const child =
          right < heap.length && (heap[right] as Delivery).dueAt < (heap[left] as Delivery).dueAt
            ? right
            : left;
        if ((heap[child] as Delivery).dueAt >= last.dueAt) break;
        heap[parent] = heap[child] as Delivery;
        parent = child;
      }
      heap[parent] = last;
    }
    return top;
  }
}
