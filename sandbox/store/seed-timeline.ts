import { type Rng } from '../core/prng';
import { SEEDED_FROM_MS, SEEDED_UNTIL_MS } from '../core/time';

export interface Timeline {
  /** created_at by slot (index 0 unused). */
  readonly created: Float64Array;
  /** updated_at by slot (index 0 unused). */
  readonly updated: Float64Array;
}

/** Share of seeded records never updated since creation. */
const UNTOUCHED_SHARE = 0.2;
/** Share of seeded records last changed by a bulk edit: groups sharing one updated_at exactly. */
const BULK_EDITED_SHARE = 0.03;
const RECORDS_PER_BULK_EDIT = 1000;

/**
 * Seeded timestamps over the fixed past range: created_at grows with the id (records were created
 * over time), updated_at falls anywhere after it, and some records share an updated_at to the
 * millisecond (bulk edits), so ties exist before any mutation does.
 */
export function seedTimeline(count: number, rng: Rng): Timeline {
  const created = new Float64Array(count + 1);
  const updated = new Float64Array(count + 1);
  const creationSpan = (SEEDED_UNTIL_MS - SEEDED_FROM_MS) * 0.9;
  const bulkEdits = Array.from({ length: Math.max(1, Math.floor(count / RECORDS_PER_BULK_EDIT)) }, () =>
    Math.floor(SEEDED_FROM_MS + rng.float() * (SEEDED_UNTIL_MS - SEEDED_FROM_MS)),
  );
  for (let slot = 1; slot <= count; slot++) {
    const createdAt = Math.floor(SEEDED_FROM_MS + (creationSpan * (slot - 1 + rng.float())) / count);
    created[slot] = createdAt;
    const roll = rng.float();
    const bulkEdit = rng.pick(bulkEdits);
    if (roll < UNTOUCHED_SHARE) updated[slot] = createdAt;
    else if (roll < UNTOUCHED_SHARE + BULK_EDITED_SHARE && bulkEdit >= createdAt) updated[slot] = bulkEdit;
    else updated[slot] = createdAt + Math.floor(rng.float() * (SEEDED_UNTIL_MS - createdAt));
  }
  return { created, updated };
}
