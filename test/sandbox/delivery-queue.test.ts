import { Rng } from '../../sandbox/core/prng';
import { type Delivery, DeliveryQueue } from '../../sandbox/webhooks/delivery-queue';

function delivery(msgId: string, dueAt: number): Delivery {
  return { msgId, body: '{}', attempt: 0, dueAt, duplicate: false };
}

function drain(queue: DeliveryQueue, shuffle?: Rng): string[] {
  const taken: string[] = [];
  for (let next = queue.take(shuffle); next; next = queue.take(shuffle)) taken.push(next.msgId);
  return taken;
}

describe('DeliveryQueue', () => {
  it('hands out ready deliveries oldest first and delayed ones once due, earliest first', () => {
    const queue = new DeliveryQueue(100);
    const rng = new Rng(1);
    const dues = Array.from({ length: 50 }, () => 1000 + rng.int(500));
    dues.forEach((dueAt, i) => queue.push(delivery(`late-${i}`, dueAt), 0));
    queue.push(delivery('now-1', 0), 0);
    queue.push(delivery('now-2', 0), 0);
    expect(drain(queue)).toEqual(['now-1', 'now-2']);
    expect(queue.nextDueAt()).toBe(Math.min(...dues));
    queue.promoteDue(1250);
    const due = drain(queue);
    expect(due.map((id) => dues[Number(id.slice(5))])).toEqual(
      dues.filter((at) => at <= 1250).sort((a, b) => a - b),
    );
    queue.promoteDue(Infinity);
    expect(due.length + drain(queue).length).toBe(50);
    expect(queue.size).toBe(0);
  });

  it('shuffles when asked', () => {
    const queue = new DeliveryQueue(100);
    const ids = Array.from({ length: 30 }, (_, i) => `m${i}`);
    for (const id of ids) queue.push(delivery(id, 0), 0);
    const taken = drain(queue, new Rng(3));
    expect([...taken].sort()).toEqual([...ids].sort());
    expect(taken).not.toEqual(ids);
  });

  it('drops the oldest waiting delivery past its bound', () => {
    const queue = new DeliveryQueue(3);
    const dropped = ['a', 'b', 'c', 'd', 'e'].map((id) => queue.push(delivery(id, 0), 0)?.msgId);
    expect(dropped).toEqual([undefined, undefined, undefined, 'a', 'b']);
    expect(drain(queue)).toEqual(['c', 'd', 'e']);
  });
});
