import type { EntityPhase, EntityProgress } from '../../workflows/shared/sync-progress';

/** What one line shows: an entity's progress and, when known, how many records it should fetch. */
export interface EntityLineState extends EntityProgress {
  readonly expected?: number | null;
}

export const BAR_WIDTH = 30;
const MARKER_WIDTH = 6;
const FILLED = '█';
const EMPTY = '░';

/** Nothing more happens to these in this run: their bar is full. */
const FINISHED: ReadonlySet<EntityPhase> = new Set(['done', 'skipped', 'held']);

/**
 * The bar of one entity. Finished: full. Expected count known: filled by fetched / expected, held
 * below full until the entity is done (the estimate can be short). Unknown: an indeterminate
 * marker that moves one step per committed page, so a bar that moves means pages commit.
 */
export function entityBar(state: EntityLineState, width = BAR_WIDTH): string {
  if (FINISHED.has(state.phase)) return FILLED.repeat(width);
  const expected = state.expected ?? null;
  if (expected !== null && expected > 0) {
    const filled = Math.min(width - 1, Math.floor((state.fetched / expected) * width));
    return FILLED.repeat(filled) + EMPTY.repeat(width - filled);
  }
  if (state.pages === 0) return EMPTY.repeat(width);
  const marker = Math.min(MARKER_WIDTH, width);
  const start = (state.pages - 1) % (width - marker + 1);
  return EMPTY.repeat(start) + FILLED.repeat(marker) + EMPTY.repeat(width - marker - start);
}

/**
 * One entity's line: name, bar, phase, pages and counts (with the expected total when known),
 * clipped to the terminal width so that it never wraps (a wrapped line breaks the redraw of the
 * lines below it).
 */
export function formatEntityLine(entity: string, state: EntityLineState, maxWidth: number): string {
  const expected = state.expected ?? null;
  const share =
    expected !== null && expected > 0 && !FINISHED.has(state.phase)
      ? ` ~${Math.min(99, Math.floor((state.fetched / expected) * 100))}%`
      : '';
  const fetched = expected !== null ? `${state.fetched} of ~${expected}` : `${state.fetched}`;
  const line =
    ` ${entity.padEnd(18)} [${entityBar(state)}] ${state.phase}${share} | pages ${state.pages}` +
    ` | fetched ${fetched} | upserted ${state.upserted} | unchanged ${state.unchanged}` +
    ` | quarantined ${state.quarantined} | deleted ${state.deleted}`;
  return line.length > maxWidth - 1 ? line.slice(0, Math.max(0, maxWidth - 1)) : line;
}
