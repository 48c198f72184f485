import { evaluateTargets, TARGETS, valueAt } from '../../bench/report/targets';
import { benchSizes } from '../../bench/sizes';
import { quickResults } from './bench-fixture';

describe('evaluateTargets', () => {
  it('marks each stated target met or missed, by its comparison', () => {
    const { targets } = quickResults();
    const byKey = Object.fromEntries(targets.map((target) => [target.key, target]));
    expect(targets).toHaveLength(TARGETS.length);
    expect(byKey['fullSync.ratioToDirect']).toMatchObject({ value: 0.909, bound: 0.85, met: true });
    expect(byKey['memory.fullSyncPeakRssMb']).toMatchObject({ value: 180, met: true });
    expect(byKey['memory.reconcilePeakRssMb']).toMatchObject({ value: 350, bound: 300, met: false });
    expect(byKey['webhookLatency.p99Ms']).toMatchObject({ value: 300, bound: 1_000, met: true });
  });

  it('holds the webhook restart phases to losing no change, not to a latency', () => {
    const { targets } = quickResults();
    const keys = targets.map((target) => target.key);
    expect(keys).toContain('webhookLatency.restarts.temporal.missing');
    expect(keys).not.toContain('webhookLatency.restarts.temporal.p99Ms');
    const hooks = quickResults().webhookLatency!;
    const lost = {
      ...hooks,
      restarts: { ...hooks.restarts, postgres: { ...hooks.restarts.postgres, missing: 3 } },
    };
    const outcomes = evaluateTargets({ webhookLatency: lost }, benchSizes(true));
    expect(
      outcomes.find((target) => target.key === 'webhookLatency.restarts.postgres.missing'),
    ).toMatchObject({ value: 3, bound: 0, met: false });
    expect(
      outcomes.find((target) => target.key === 'webhookLatency.restarts.temporal.missing'),
    ).toMatchObject({ value: 0, met: true });
  });

  it('reads a target value at a dotted path, nothing where the path leads nowhere', () => {
    expect(valueAt({ a: { b: { c: 4 } } }, 'a.b.c')).toBe(4);
    expect(valueAt({ a: 1 }, 'a')).toBe(1);
    expect(valueAt({ a: 1 }, 'a.b')).toBeUndefined();
    expect(valueAt(undefined, 'a')).toBeUndefined();
  });

  it('holds a smaller delta cycle to the same time per org as 1,000 orgs in 60 s', () => {
    const delta = evaluateTargets(quickResults(), benchSizes(true)).find(
      (target) => target.key === 'deltaCycle.twoWorkersSeconds',
    );
    expect(delta).toMatchObject({ bound: 12, met: true, note: '200 orgs: 60 s × 200/1,000' });
    const full = evaluateTargets(quickResults(), benchSizes(false)).find(
      (target) => target.key === 'deltaCycle.twoWorkersSeconds',
    );
    expect(full).toMatchObject({ bound: 60 });
    expect(full?.note).toBeUndefined();
  });

  it('leaves out the targets of scenarios that did not run', () => {
    const { fullSync } = quickResults();
    const outcomes = evaluateTargets({ fullSync }, benchSizes(true));
    expect(outcomes.map((target) => target.key)).toEqual([
      'fullSync.ratioToDirect',
      'fullSync.ratioToDbLimit',
    ]);
  });
});
