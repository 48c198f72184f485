import { DEFAULT_RETRY_AFTER_MS, MAX_RETRY_AFTER_MS, parseRetryAfter } from '../../../connectors/api-client';

const NOW = Date.parse('2026-11-26T21:00:00.000Z');

describe('parseRetryAfter', () => {
  it.each([
    ['0', 0],
    ['7', 7_000],
    [' 120 ', 120_000],
    ['1.5', 1_500],
    ['Thu, 26 Nov 2026 21:00:30 GMT', 30_000],
    ['Thursday, 26-Nov-26 21:01:00 GMT', 60_000],
    ['Thu Nov 26 21:00:05 2026', 5_000],
    [['9', '100'], 9_000],
  ])('reads %j as %i ms', (header, expected) => {
    expect(parseRetryAfter(header, NOW)).toBe(expected);
  });

  it.each([undefined, '', 'soon', '-5', '2026-11-26', 'Thu, 99 Foo 2026 99:99:99 GMT', []])(
    'falls back to the default for %j',
    (header) => {
      expect(parseRetryAfter(header, NOW)).toBe(DEFAULT_RETRY_AFTER_MS);
    },
  );

  it('waits no time for a date in the past', () => {
    expect(parseRetryAfter('Thu, 26 Nov 2026 20:59:00 GMT', NOW)).toBe(0);
  });

  it('clamps to an hour', () => {
    expect(parseRetryAfter('999999999', NOW)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('Fri, 01 Jan 2100 00:00:00 GMT', NOW)).toBe(MAX_RETRY_AFTER_MS);
  });
});
