import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chaosArgs, PROFILES } from '../../chaos/chaos-profile';
import { type ChaosResults, writeChaosResults } from '../../chaos/results/write-results';

const results = (overrides: Partial<ChaosResults> = {}): ChaosResults => ({
  profile: 'ci',
  passed: true,
  unsafeSwitches: [],
  startedAt: '2026-11-27T00:00:00.000Z',
  durationSeconds: 220,
  orgs: 21,
  records: 50_000,
  kills: 30,
  gracefulTerminations: 4,
  stalls: 35,
  workersStarted: 37,
  temporalRestarts: 1,
  postgresRestarts: 1,
  faultsInjected: { rate_limited: 181, server_error: 295 },
  syncsTriggered: { deltas: 160 },
  webhooks: {
    sent: 1471,
    duplicated: 292,
    delivered: 1763,
    failed: 0,
    refused: { forged: 149 },
    validRefused: {
      byReason: { '503': 40, network: 12 },
      longest: {
        org: 't3',
        seconds: 12.34,
        from: '2026-11-27T00:01:02.000Z',
        to: '2026-11-27T00:01:14.340Z',
      },
    },
    receiverExit: null,
  },
  differencesFound: { drift: 0, pending: 0, afterDeltaDrift: 0 },
  invariants: { regressions: 0, wrongfulDeletions: 0 },
  failures: [],
  ...overrides,
});

describe('chaos results', () => {
  let folder: string;
  beforeEach(() => (folder = mkdtempSync(path.join(tmpdir(), 'chaos-results-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('writes latest.* and <profile>.* for a real run, with a summary table', () => {
    const summary = writeChaosResults(results(), folder);
    expect(readdirSync(folder).sort()).toEqual(['ci.json', 'ci.md', 'latest.json', 'latest.md']);
    expect(summary).toContain('Chaos run (ci profile): **passed** in 220 s');
    expect(summary).toContain('| workers SIGKILLed / SIGTERMed / frozen / started | 30 / 4 / 35 / 37 |');
    expect(summary).toContain('| valid webhook attempts refused (by status) | 503 40, network 12 |');
    expect(summary).toContain('| longest refusal of valid webhooks | 12.3 s (t3, 00:01:02 to 00:01:14) |');
    expect(summary).not.toContain('receiver died');
    expect(JSON.parse(readFileSync(path.join(folder, 'latest.json'), 'utf8'))).toMatchObject({
      kills: 30,
      webhooks: { failed: 0, validRefused: { longest: { org: 't3', seconds: 12.34 } }, receiverExit: null },
    });
  });

  it('shows a receiver that died and a run without refusals', () => {
    const summary = writeChaosResults(
      results({
        passed: false,
        webhooks: {
          ...results().webhooks,
          validRefused: { byReason: {}, longest: null },
          receiverExit: { code: 1, at: '2026-11-27T00:02:00.000Z' },
        },
      }),
      folder,
    );
    expect(summary).toContain('| valid webhook attempts refused (by status) | none |');
    expect(summary).toContain('| longest refusal of valid webhooks | none |');
    expect(summary).toContain('| webhook receiver died | exit code 1 at 2026-11-27T00:02:00.000Z |');
  });

  it('keeps a run with unsafe switches apart, with its failures listed', () => {
    const summary = writeChaosResults(
      results({ passed: false, unsafeSwitches: ['no-lookback'], failures: ['misses 1 changes'] }),
      folder,
    );
    expect(existsSync(path.join(folder, 'latest.json'))).toBe(false);
    expect(readdirSync(folder).sort()).toEqual(['ci-unsafe-no-lookback.json', 'ci-unsafe-no-lookback.md']);
    expect(summary).toContain('unsafe: no-lookback): **FAILED**');
    expect(summary).toContain('- misses 1 changes');
  });
});

describe('chaos profiles', () => {
  it("meets the suite's floor: 3+ workers, 20+ orgs, a much larger org, kills every few seconds", () => {
    for (const profile of Object.values(PROFILES)) {
      expect(profile.workers).toBeGreaterThanOrEqual(3);
      expect(profile.orgs).toBeGreaterThanOrEqual(20);
      expect(profile.largeOrgRecords).toBeGreaterThanOrEqual(10 * profile.recordsPerOrg);
      expect(profile.killEveryMs).toBeLessThanOrEqual(10_000);
    }
    // The full profile runs 30+ minutes with a kill every few seconds: 200+ kills.
    expect(PROFILES.full.chaosMs).toBeGreaterThanOrEqual(30 * 60_000);
    expect(PROFILES.full.chaosMs / PROFILES.full.killEveryMs).toBeGreaterThanOrEqual(200);
  });

  it('parses its arguments, refusing an unknown profile', () => {
    expect(chaosArgs.parse({})).toEqual({ profile: 'ci', unsafe: [], seed: 1, keepWorkDir: false });
    expect(chaosArgs.parse({ keepWorkDir: true }).keepWorkDir).toBe(true);
    expect(chaosArgs.parse({ unsafe: 'no-lookback' }).unsafe).toEqual(['no-lookback']);
    expect(chaosArgs.parse({ unsafe: 'no-receiver-recovery' }).unsafe).toEqual(['no-receiver-recovery']);
    expect(chaosArgs.safeParse({ unsafe: 'no-brakes' }).success).toBe(false);
    expect(chaosArgs.parse({ profile: 'full', seed: '7' })).toMatchObject({ profile: 'full', seed: 7 });
    expect(chaosArgs.safeParse({ profile: 'huge' }).success).toBe(false);
  });
});
