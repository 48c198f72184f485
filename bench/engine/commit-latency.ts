import { percentile, round } from '../util/stats';
import type { CommittedRow } from './commit-listener';

/** A change the benchmark asked the sandbox for: it happened at `sentMs` or just after. */
export interface SentEvent {
  readonly id: string;
  readonly sentMs: number;
}

/** Send → commit of a set of changes: percentiles over those committed, and how many were not. */
export interface CommitLatency {
  /** Changes made at the source (each sends one webhook). */
  readonly events: number;
  /** Of them, committed (that version of the record, or a newer one). */
  readonly committed: number;
  /** Sent but never committed: a change lost. */
  readonly missing: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/**
 * Per change, the time from its send to the first commit of its record at that version or newer
 * (a newer change of the same record committed first carries it too); changes with no such commit
 * count as missing.
 */
export function commitLatency(events: readonly SentEvent[], commits: readonly CommittedRow[]): CommitLatency {
  const byRecord = new Map<string, CommittedRow[]>();
  for (const commit of commits) {
    const list = byRecord.get(commit.externalId);
    if (list) list.push(commit);
    else byRecord.set(commit.externalId, [commit]);
  }
  const latencies: number[] = [];
  for (const event of events) {
    let firstSeenMs = Infinity;
    for (const commit of byRecord.get(event.id) ?? [])
      if (commit.sourceUpdatedMs >= event.sentMs) firstSeenMs = Math.min(firstSeenMs, commit.seenMs);
    if (firstSeenMs !== Infinity) latencies.push(Math.max(0, firstSeenMs - event.sentMs));
  }
  return {
    events: events.length,
    committed: latencies.length,
    missing: events.length - latencies.length,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.length === 0 ? Number.NaN : round(Math.max(...latencies)),
  };
}

/** How many of `events` have no commit of their version (or a newer one) yet. */
export function uncommitted(events: readonly SentEvent[], commits: readonly CommittedRow[]): number {
  return commitLatency(events, commits).missing;
}
