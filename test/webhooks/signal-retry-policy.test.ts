import { defaultGrpcRetryOptions } from '@temporalio/client';
import { signalRetryOptions } from '../../client/webhooks/signal-retry-policy';

type Status = Parameters<ReturnType<typeof signalRetryOptions>['delayFunction']>[1];

const status = (code: number, details: string): Status => ({ code, details, metadata: undefined as never });
const closing = status(8, 'workflow operation can not be applied because workflow is closing');
const exhausted = status(8, 'namespace rate limit exceeded');
const unavailable = status(14, 'connection refused');

describe('signalRetryOptions', () => {
  const options = signalRetryOptions();

  it('retries a run that is closing within 100 ms, for up to 40 attempts', () => {
    const delays = Array.from({ length: 39 }, (_, index) => options.delayFunction(index + 1, closing));
    expect(delays[0]).toBe(20);
    expect(Math.max(...delays)).toBe(100);
    expect(delays.reduce((sum, delay) => sum + delay, 0)).toBeLessThan(4_000);
    expect(options.retryableDecider(39, closing)).toBe(true);
    expect(options.retryableDecider(40, closing)).toBe(false);
  });

  it("keeps the SDK's backoff and four attempts for every other failure", () => {
    const standard = defaultGrpcRetryOptions({ maxAttempts: 4 });
    for (const other of [exhausted, unavailable]) {
      expect(options.retryableDecider(3, other)).toBe(true);
      expect(options.retryableDecider(4, other)).toBe(false);
      // Jittered by ±20 %: compare against the default's range.
      expect(options.delayFunction(1, other)).toBeGreaterThanOrEqual(standard.delayFunction(1, other) * 0.6);
    }
    expect(options.delayFunction(1, exhausted)).toBeGreaterThanOrEqual(1_000);
  });
});
