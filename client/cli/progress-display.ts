import { MultiBar, type SingleBar } from 'cli-progress';
import type { SyncProgress } from '../../workflows/shared/sync-progress';
import { type EntityLineState, formatEntityLine } from './progress-line';

interface LinePayload {
  readonly entity: string;
  readonly state: EntityLineState;
}

/**
 * Live progress of a sync: one line per entity (see `formatEntityLine`), fed with what
 * `readSyncProgress` reads. cli-progress only redraws the lines; what a bar shows is computed from
 * the entity's pages and counts, not from cli-progress's value and total (totals are rarely known).
 */
export class ProgressDisplay {
  private readonly bars = new Map<string, SingleBar>();
  /** The expected count of an entity once seen: a final answer without estimates keeps it. */
  private readonly expected = new Map<string, number | null>();
  private readonly multibar: MultiBar | undefined;

  /** `stream`: where the lines go (a terminal; on anything else nothing is drawn). */
  constructor(stream: NodeJS.WritableStream = process.stderr) {
    // Not a terminal (a pipe, a CI log): draw nothing. cli-progress would skip starting its bars
    // there but still render them on stop, without their payload.
    if ((stream as { isTTY?: boolean }).isTTY !== true) return;
    this.multibar = new MultiBar({
      format: (_options, params, payload: LinePayload) =>
        formatEntityLine(payload.entity, payload.state, params.maxWidth),
      stream,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      noTTYOutput: false,
    });
  }

  update(progress: SyncProgress & { entities: Record<string, EntityLineState> }): void {
    if (!this.multibar) return;
    for (const [entity, state] of Object.entries(progress.entities)) {
      if (state.expected !== undefined) this.expected.set(entity, state.expected);
      const payload: LinePayload = {
        entity,
        state: { ...state, expected: this.expected.get(entity) ?? null },
      };
      const bar = this.bars.get(entity);
      if (bar) bar.update(payload);
      else this.bars.set(entity, this.multibar.create(1, 0, payload));
    }
  }

  stop(): void {
    this.multibar?.stop();
  }
}
