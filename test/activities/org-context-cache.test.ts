import type { ActivityDeps } from '../../activities/activity-deps';
import { type OrgContext, OrgContextCache } from '../../activities/org-context';

/** A context whose client only counts its closes. */
function fakeContext(): OrgContext & { closes: number } {
  const context = {
    closes: 0,
    client: {
      close: () => {
        context.closes += 1;
        return Promise.resolve();
      },
    },
  };
  return context as unknown as OrgContext & { closes: number };
}

describe('OrgContextCache', () => {
  const deps = { settings: { sliceMs: 30_000, apiTimeoutMs: 10_000 } } as unknown as ActivityDeps;

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('closes a replaced context once its slice and a request in flight must have ended, not before', () => {
    const cache = new OrgContextCache(deps);
    const replaced = fakeContext();
    (cache as unknown as { retire(context: OrgContext): void }).retire(replaced);
    jest.advanceTimersByTime(49_999);
    expect(replaced.closes).toBe(0);
    jest.advanceTimersByTime(1);
    expect(replaced.closes).toBe(1);
  });

  it('closes a replaced context at shutdown, and only once', async () => {
    const cache = new OrgContextCache(deps);
    const replaced = fakeContext();
    (cache as unknown as { retire(context: OrgContext): void }).retire(replaced);
    await cache.close();
    jest.advanceTimersByTime(60_000);
    expect(replaced.closes).toBe(1);
  });
});
