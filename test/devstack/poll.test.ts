import { PollAbortedError, pollUntil } from '../../devstack/poll';

describe('pollUntil', () => {
  it('returns the first value the probe yields', async () => {
    let calls = 0;
    const value = await pollUntil(() => (++calls >= 3 ? 'ready' : undefined), {
      description: 'the third call',
      timeoutMs: 5_000,
      intervalMs: 1,
    });
    expect(value).toBe('ready');
    expect(calls).toBe(3);
  });

  it('times out naming what it waited for and the last error', async () => {
    await expect(
      pollUntil(
        () => {
          throw new Error('connection refused');
        },
        { description: 'the server', timeoutMs: 20, intervalMs: 5 },
      ),
    ).rejects.toThrow('Timed out after 20 ms waiting for the server: connection refused');
  });
});

describe('pollUntil with a probe that gives up', () => {
  it('stops at once on PollAbortedError', async () => {
    let calls = 0;
    await expect(
      pollUntil(
        () => {
          calls += 1;
          throw new PollAbortedError('the server exited');
        },
        { description: 'the server', timeoutMs: 10_000, intervalMs: 1 },
      ),
    ).rejects.toThrow('the server exited');
    expect(calls).toBe(1);
  });
});

describe('pollUntil with an abort signal', () => {
  it('ends the wait at once with the reason, even in a long pause', async () => {
    const controller = new AbortController();
    const waiting = pollUntil(() => false, {
      description: 'never',
      timeoutMs: 60_000,
      intervalMs: 30_000,
      signal: controller.signal,
    });
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('stopping')), 10);
    await expect(waiting).rejects.toThrow('stopping');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
