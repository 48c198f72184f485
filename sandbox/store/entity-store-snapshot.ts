import { MAX_SLOT } from '../core/ids';

/** Flags of a slot: exactly one of 0, `DELETED` and `CORRUPTED`. */
export const DELETED = 1;
export const CORRUPTED = 2;

/**
 * An entity store's whole state, as the state file keeps it. From `snapshot()` the arrays are views
 * of the live ones (copy them before the store changes again); `restore` keeps the per-slot ones.
 */
export interface EntityStoreSnapshot {
  /** created_at by slot, 0 … topSlot (index 0 unused); `updated`, `versions` and `flags` likewise. */
  readonly created: Float64Array;
  readonly updated: Float64Array;
  readonly versions: Uint32Array;
  readonly flags: Uint8Array;
  /** The live slots in (updated_at, id) order. */
  readonly order: Int32Array;
  /** Deleted slots, in the order re-creations draw from. */
  readonly deleted: Int32Array;
  /** Corrupted slots, in the order fixes repair them. */
  readonly corrupted: Int32Array;
  /** Writes so far. */
  readonly writes: number;
}

/** Throws unless the snapshot is one an `EntityStore` could have made (O(slots)). */
export function checkSnapshot(snapshot: EntityStoreSnapshot): void {
  const { created, updated, versions, flags, order, deleted, corrupted } = snapshot;
  const top = created.length - 1;
  const fail = (problem: string): never => {
    throw new Error(problem);
  };
  if (top < 0 || top > MAX_SLOT) fail(`${top} slots is out of range`);
  if (updated.length !== top + 1 || versions.length !== top + 1 || flags.length !== top + 1)
    fail('the per-slot arrays differ in length');
  if (order.length + deleted.length !== top) fail('live and deleted records do not add up to the slots');
  let flagged = 0;
  let corruptedFlags = 0;
  for (let slot = 1; slot <= top; slot++) {
    const flag = flags[slot] ?? 0;
    if (flag !== 0 && flag !== DELETED && flag !== CORRUPTED) fail(`slot ${slot} has flags ${flag}`);
    if (flag === DELETED) flagged++;
    if (flag === CORRUPTED) corruptedFlags++;
    if (!Number.isFinite(created[slot]) || !Number.isFinite(updated[slot]))
      fail(`slot ${slot} has no valid timestamps`);
  }
  if (flagged !== deleted.length) fail('the deleted list does not match the deleted flags');
  if (corruptedFlags !== corrupted.length) fail('the corrupted list does not match the corrupted flags');
  let previous = 0;
  let previousMs = -Infinity;
  for (let position = 0; position < order.length; position++) {
    const slot = order[position] ?? 0;
    if (slot < 1 || slot > top || (flags[slot] ?? 0) & DELETED) fail(`order holds slot ${slot}, not live`);
    const ms = updated[slot] ?? 0;
    // Strictly increasing keys: sorted, and no slot twice.
    if (ms < previousMs || (ms === previousMs && slot <= previous))
      fail(`order is not sorted at position ${position}`);
    previous = slot;
    previousMs = ms;
  }
  const listed = new Set<number>();
  for (const slot of deleted) {
    if (flags[slot] !== DELETED || listed.has(slot)) fail(`the deleted list holds slot ${slot} wrongly`);
    listed.add(slot);
  }
  for (const slot of corrupted) {
    if (flags[slot] !== CORRUPTED || listed.has(slot)) fail(`the corrupted list holds slot ${slot} wrongly`);
    listed.add(slot);
  }
}
