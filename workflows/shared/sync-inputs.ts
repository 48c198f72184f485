import type { SyncProgress } from './sync-progress';

/** What a full or delta sync starts with. */
export interface SyncInput {
  readonly orgId: string;
  /** Only these entities (in dependency order); all when unset. */
  readonly entities?: readonly string[];
  /** Carried through continue-as-new; never set by callers. */
  readonly resume?: {
    readonly syncId: string;
    readonly levels: readonly (readonly string[])[];
    readonly progress: SyncProgress;
  };
  /**
   * Set on the run that continues a finished sync as a fresh one (a coalesced trigger asked for
   * it): that run is a sync of its own, with its own id. Never set by callers.
   */
  readonly rerun?: true;
}

export interface ReconcileInput extends SyncInput {
  /** Apply held deletions (an operator approved them). */
  readonly approveDeletions?: boolean;
  /** Hold a deletion of more than this share of an entity… (default 0.1) */
  readonly holdShare?: number;
  /** …and more than this many rows (default 50). */
  readonly holdMinRows?: number;
}

/** How a sync run ended. */
export interface SyncOutcome {
  readonly status: SyncProgress['status'];
  readonly syncId: string;
  /** Set when the trigger was coalesced into a running sync of the same org and kind. */
  readonly coalescedInto?: string;
  readonly progress: SyncProgress;
}
