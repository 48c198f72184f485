import pino from 'pino';
import { StopPlan } from '../../client/dev/stop-plan';
import { untilStopped } from '../../client/dev/until-stopped';

const never = () => new Promise<never>(() => undefined);

describe('StopPlan', () => {
  it('stops services, then clients, then servers; a step that hangs costs its bound, one that fails nothing', async () => {
    const order: string[] = [];
    const plan = new StopPlan(pino({ level: 'silent' }), { services: 50, clients: 50, servers: 50 });
    const note = (name: string) => () => Promise.resolve(order.push(name));
    plan.add('servers', 'servers', note('servers'));
    plan.add('clients', 'pool', note('pool'));
    plan.add('services', 'worker', never);
    plan.add('services', 'sandbox', () => Promise.reject(new Error('broken')));
    plan.add('services', 'receiver', note('receiver'));
    const started = Date.now();
    await plan.run();
    expect(order).toEqual(['receiver', 'pool', 'servers']);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('untilStopped', () => {
  it('gives the work its result while not stopped', async () => {
    await expect(untilStopped(Promise.resolve(7), new AbortController().signal)).resolves.toBe(7);
  });

  it('ends with the stop reason as soon as the signal is aborted, whatever the work still does', async () => {
    const controller = new AbortController();
    const waiting = untilStopped(never(), controller.signal);
    controller.abort(new Error('Ctrl-C'));
    await expect(waiting).rejects.toThrow('Ctrl-C');
    await expect(untilStopped(Promise.resolve(1), controller.signal)).rejects.toThrow('Ctrl-C');
  });
});
