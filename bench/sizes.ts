/** How big each scenario is: `--quick` for a check under 3 minutes, the full sizes for the README. */
export interface BenchSizes {
  readonly fullSync: {
    /** Records of the one big org (also the memory scenario's org). */
    readonly records: number;
    /**
     * Rows each database-limit variant of the sweep writes (a sample of the same org, same entity
     * mix); the two fastest then write all `records`.
     */
    readonly dbLimitRows: number;
    readonly dbLimitBatchSizes: readonly number[];
    readonly dbLimitConnections: readonly number[];
  };
  readonly manyOrgs: { readonly orgs: number; readonly recordsPerOrg: number };
  readonly deltaCycle: {
    readonly orgs: number;
    readonly recordsPerOrg: number;
    readonly changedShare: number;
  };
  readonly webhookLatency: {
    readonly eventsPerSecond: number;
    readonly seconds: number;
    /** Events before the measured window: the record-sync workflow starts and the worker warms up. */
    readonly warmupSeconds: number;
    readonly orgRecords: number;
    /** Each restart phase (Temporal, then PostgreSQL): updates at the same rate for this long… */
    readonly restartPhaseSeconds: number;
    /** …with the server stopped this far into it, and started again at once. */
    readonly restartAtSeconds: number;
  };
  /** History is counted on syncs of an org of this size, so events per 10,000 records read directly. */
  readonly history: { readonly records: number };
}

const FULL: BenchSizes = {
  fullSync: {
    records: 1_000_000,
    dbLimitRows: 200_000,
    dbLimitBatchSizes: [500, 1_000, 2_000, 5_000],
    dbLimitConnections: [1, 2],
  },
  manyOrgs: { orgs: 100, recordsPerOrg: 10_000 },
  deltaCycle: { orgs: 1_000, recordsPerOrg: 1_000, changedShare: 0.01 },
  webhookLatency: {
    eventsPerSecond: 50,
    seconds: 60,
    warmupSeconds: 5,
    orgRecords: 100_000,
    restartPhaseSeconds: 40,
    restartAtSeconds: 10,
  },
  history: { records: 10_000 },
};

const QUICK: BenchSizes = {
  fullSync: {
    records: 100_000,
    dbLimitRows: 50_000,
    dbLimitBatchSizes: [500, 2_000, 5_000],
    dbLimitConnections: [1, 2],
  },
  manyOrgs: { orgs: 20, recordsPerOrg: 2_000 },
  deltaCycle: { orgs: 200, recordsPerOrg: 1_000, changedShare: 0.01 },
  webhookLatency: {
    eventsPerSecond: 50,
    seconds: 20,
    warmupSeconds: 3,
    orgRecords: 100_000,
    restartPhaseSeconds: 20,
    restartAtSeconds: 5,
  },
  history: { records: 10_000 },
};

export function benchSizes(quick: boolean): BenchSizes {
  return quick ? QUICK : FULL;
}
