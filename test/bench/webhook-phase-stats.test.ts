import { commitLatency, uncommitted } from '../../bench/engine/commit-latency';
import { senderPhaseStats } from '../../bench/engine/sender-stats';

const commit = (externalId: string, sourceUpdatedMs: number, seenMs: number) => ({
  externalId,
  sourceUpdatedMs,
  seenMs,
});

describe('commitLatency', () => {
  it('measures each change from its send to the first commit of its version or a newer one', () => {
    const events = [
      { id: 'a', sentMs: 1_000 },
      { id: 'b', sentMs: 1_010 },
      // A second change of b: a newer version committed first carries the older change too.
      { id: 'b', sentMs: 1_020 },
    ];
    const commits = [
      commit('a', 999, 1_005), // an older version of a: does not count for the change sent at 1,000
      commit('a', 1_001, 1_100),
      commit('b', 1_021, 1_200),
      commit('b', 1_011, 1_300), // the older version's own commit came later
    ];
    expect(commitLatency(events, commits)).toEqual({
      events: 3,
      committed: 3,
      missing: 0,
      // 100 (a), 190 (b at 1,010), 180 (b at 1,020)
      p50Ms: 180,
      p95Ms: 190,
      p99Ms: 190,
      maxMs: 190,
    });
  });

  it('counts a change with no commit of its version as missing', () => {
    const events = [
      { id: 'a', sentMs: 1_000 },
      { id: 'c', sentMs: 1_000 },
    ];
    const result = commitLatency(events, [commit('a', 1_001, 1_050), commit('c', 900, 1_100)]);
    expect(result).toMatchObject({ events: 2, committed: 1, missing: 1, p99Ms: 50, maxMs: 50 });
    expect(uncommitted(events, [])).toBe(2);
    expect(commitLatency([], []).maxMs).toBeNaN();
  });
});

describe('senderPhaseStats', () => {
  it("takes the phase's refused and retried attempts and given-up deliveries from the sender's counters", () => {
    const before = { sent: 100, duplicated: 0, attempts: 100, delivered: 100, failed: 0 };
    const after = { sent: 1_100, duplicated: 10, attempts: 1_300, delivered: 1_110, failed: 2 };
    expect(senderPhaseStats(before, after)).toEqual({
      deliveries: 1_010,
      attempts: 1_200,
      refused: 190,
      retried: 190,
      gaveUp: 2,
    });
  });
});
