import { z } from 'zod';
import { flagOf, usageErrorOf } from '../../client/cli/flag-names';

describe('flags in usage errors', () => {
  it('names an input key by its flag as typed', () => {
    expect(flagOf('apiUrl')).toBe('--api-url');
    expect(flagOf('reconcileHour')).toBe('--reconcile-hour');
    expect(flagOf('webhookSecret')).toBe('--webhook-secret');
    expect(flagOf('org')).toBe('--org');
  });

  it('turns every issue of a validation into one usage error naming each flag', () => {
    const input = z.object({
      apiUrl: z.url({ error: 'must be an http(s) URL' }),
      requestsPerSecond: z.number(),
    });
    const parsed = input.safeParse({ apiUrl: 'nope', requestsPerSecond: 'many' });
    const error = usageErrorOf(parsed.error!);
    expect(error.name).toBe('UsageError');
    expect(error.message).toMatch(/^--api-url: must be an http\(s\) URL; --requests-per-second: /);
  });
});
