import {
  refusalReport,
  type RefusalReport,
  webhookDeliveryFailures,
} from '../../chaos/invariants/webhook-delivery';
import type { SandboxStatsSnapshot, WebhookCounters } from '../../sandbox';
import { emptyOrgStats } from '../../sandbox/stats/sandbox-stats';

const counters = (overrides: Partial<WebhookCounters> = {}): WebhookCounters => ({
  ...emptyOrgStats().webhooks,
  sent: 100,
  delivered: 120,
  duplicated: 20,
  attempts: 150,
  ...overrides,
});
const noRefusals: RefusalReport = { byReason: {}, longest: null };

describe('the chaos run’s webhook delivery check', () => {
  it('passes when every valid delivery was accepted and the receiver lived', () => {
    expect(webhookDeliveryFailures(counters(), noRefusals, null)).toEqual([]);
  });

  it('fails when the sender gave up on valid deliveries, naming the refusals', () => {
    const refusals: RefusalReport = {
      byReason: { '503': 600 },
      longest: { org: 't1', seconds: 161.5, from: '2026-12-01T10:00:00.000Z', to: null },
    };
    const failures = webhookDeliveryFailures(counters({ failed: 100, delivered: 20 }), refusals, null);
    expect(failures).toEqual([
      'valid webhooks given up: 100 gave up after all attempts, 0 dropped unsent (refused attempts: 503 600; longest refusal 161.5 s (t1 from 2026-12-01T10:00:00.000Z))',
    ]);
  });

  it('fails when deliveries were dropped unsent', () => {
    expect(webhookDeliveryFailures(counters({ dropped: 3 }), noRefusals, null)).toEqual([
      expect.stringContaining('0 gave up after all attempts, 3 dropped unsent (refused attempts: none)'),
    ]);
  });

  it('fails when the receiver process died, even if the sender had not given up yet', () => {
    const failures = webhookDeliveryFailures(counters(), noRefusals, {
      code: 1,
      at: '2026-12-01T10:00:00.000Z',
    });
    expect(failures).toEqual([
      'webhook receiver died during the run: exit code 1 at 2026-12-01T10:00:00.000Z (see webhooks.log)',
    ]);
  });

  it('reports refusals by status over all orgs and the longest window of any org', () => {
    const stats = (longestMs: number, open: boolean) => {
      const org = emptyOrgStats();
      org.webhooks.refusals = {
        byReason: { '503': 2 },
        longest: {
          ms: longestMs,
          from: '2026-12-01T10:00:00.000Z',
          to: open ? null : '2026-12-01T10:00:09.000Z',
        },
        openSince: null,
      };
      return org;
    };
    const totals = emptyOrgStats();
    totals.webhooks.refusals.byReason = { '503': 4, timeout: 1 };
    const snapshot: SandboxStatsSnapshot = {
      orgs: { t1: stats(9_000, false), t2: stats(20_500, true) },
      totals,
      unauthorized: 0,
    };
    expect(refusalReport(snapshot)).toEqual({
      byReason: { '503': 4, timeout: 1 },
      longest: { org: 't2', seconds: 20.5, from: '2026-12-01T10:00:00.000Z', to: null },
    });
  });
});
