/** Differences of one class (missing, extra, stale, different), told apart by cause. */
export interface DifferenceTally {
  /** Should already have been synced: a bug or data loss. */
  drift: number;
  /** Not seen yet by the engine's own rules (see `EngineHorizon`, `ExtraRows`): the next delta or reconciliation takes it. */
  pending: number;
  /** The source's version is invalid and waits in quarantine. */
  quarantined: number;
  /** A few ids, drift first, for a human to look at. */
  samples: string[];
}

export function emptyTally(): DifferenceTally {
  return { drift: 0, pending: 0, quarantined: 0, samples: [] };
}

export type Cause = 'drift' | 'pending' | 'quarantined';

export function count(tally: DifferenceTally, cause: Cause, id: string, sampleSize: number): void {
  tally[cause] += 1;
  if (cause === 'drift' && tally.samples.length < sampleSize) tally.samples.push(id);
  else if (cause !== 'drift' && tally.drift === 0 && tally.samples.length < sampleSize)
    tally.samples.push(id);
}
