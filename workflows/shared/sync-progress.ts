/** Counts of what a sync did, per entity and in total. Numbers only: no record contents. */
export interface SyncCounts {
  fetched: number;
  upserted: number;
  unchanged: number;
  quarantined: number;
  deleted: number;
  revived: number;
}

export const EMPTY_COUNTS: Readonly<SyncCounts> = Object.freeze({
  fetched: 0,
  upserted: 0,
  unchanged: 0,
  quarantined: 0,
  deleted: 0,
  revived: 0,
});

export type EntityPhase =
  'pending' | 'running' | 'listing' | 'healing' | 'done' | 'skipped' | 'held' | 'failed';

export interface EntityProgress extends SyncCounts {
  phase: EntityPhase;
  pages: number;
  /** A short, value-free description of where the entity's cursor stands (e.g. a watermark). */
  cursor: string | null;
  /** Why the entity was skipped or held, or what failed. */
  note: string | null;
}

/** What the `progress` query answers. */
export interface SyncProgress {
  readonly orgId: string;
  readonly kind: string;
  readonly syncId: string;
  status: 'running' | 'succeeded' | 'failed' | 'cancelled' | 'skipped' | 'held';
  entities: Record<string, EntityProgress>;
}

export function addCounts(target: SyncCounts, delta: Partial<SyncCounts>): void {
  for (const key of Object.keys(EMPTY_COUNTS) as (keyof SyncCounts)[]) target[key] += delta[key] ?? 0;
}

export function newEntityProgress(phase: EntityPhase = 'pending'): EntityProgress {
  return { ...EMPTY_COUNTS, phase, pages: 0, cursor: null, note: null };
}

/** Whether an entity needs no more work in this run. */
export function isFinished(phase: EntityPhase | undefined): boolean {
  return phase === 'done' || phase === 'skipped' || phase === 'held';
}
