import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { SyncProgress } from '../../workflows/shared/sync-progress';

const FINISHED = new Set(['done', 'skipped', 'held', 'failed']);

/**
 * Live progress of a sync: one bar per entity, fed by the workflow's progress query. Totals are not
 * known ahead (APIs rarely say how many records they hold), so a bar fills when its entity is done
 * and shows phase, pages and counts meanwhile.
 */
export class ProgressDisplay {
  private readonly bars = new Map<string, SingleBar>();
  private readonly multibar = new MultiBar(
    {
      format:
        ' {entity} [{bar}] {phase} | pages {pages} | fetched {fetched} | upserted {upserted} | unchanged {unchanged} | quarantined {quarantined} | deleted {deleted}',
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      noTTYOutput: false,
    },
    Presets.shades_classic,
  );

  update(progress: SyncProgress): void {
    for (const [entity, state] of Object.entries(progress.entities)) {
      let bar = this.bars.get(entity);
      if (!bar) {
        bar = this.multibar.create(1, 0, { entity: entity.padEnd(18) });
        this.bars.set(entity, bar);
      }
      bar.update(FINISHED.has(state.phase) ? 1 : 0, { entity: entity.padEnd(18), ...state });
    }
  }

  stop(): void {
    this.multibar.stop();
  }
}
