import { SandboxStateFileError } from '../errors';
import { type SandboxState } from '../sandbox-state';
import { type SandboxSnapshot } from './sandbox-snapshot';
import { readStateFile, writeStateFile } from './state-file';

/** How often a running sandbox saves its state when it changed, unless told otherwise. */
export const DEFAULT_STATE_SAVE_INTERVAL_MS = 10_000;

/**
 * Keeps a sandbox's state in its file: `resume` takes it back from there; `save()` writes it when
 * anything changed since the last save, one save at a time; `start` saves every interval (so a
 * killed process loses at most that much), `stop` a last time.
 */
export class StateKeeper {
  private timer: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve();
  private pending = 0;
  private savedKey: string | undefined;

  constructor(
    readonly file: string,
    private readonly state: SandboxState,
  ) {}

  /** Restores the sandbox saved in the file into the state (which has no org yet); false without a file. */
  async resume(): Promise<boolean> {
    const snapshot = await readStateFile(this.file);
    if (!snapshot) return false;
    try {
      this.state.restore(snapshot);
    } catch (err) {
      throw new SandboxStateFileError(this.file, err instanceof Error ? err.message : String(err));
    }
    this.savedKey = changeKey(this.state.snapshot());
    return true;
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      // A save slower than the interval: skip ticks rather than queue saves without bound.
      if (this.pending > 0) return;
      this.save().catch((err: unknown) => {
        // Kept for the next tick (the state still differs); say so rather than fail a timer.
        process.emitWarning(err instanceof Error ? err.message : String(err), 'SandboxStateWarning');
      });
    }, intervalMs);
    this.timer.unref();
  }

  /** Saves now if anything changed; resolves once the file is on disk. */
  save(): Promise<void> {
    this.pending++;
    const saved = this.queue.then(() => this.saveIfChanged()).finally(() => this.pending--);
    this.queue = saved.catch(() => undefined);
    return saved;
  }

  /** Stops the interval and saves a last time. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.save();
  }

  private async saveIfChanged(): Promise<void> {
    const snapshot = this.state.snapshot();
    const key = changeKey(snapshot);
    if (key === this.savedKey) return;
    await writeStateFile(this.file, snapshot);
    this.savedKey = key;
  }
}

/**
 * What makes a save due: orgs, settings, the mutation generator, clocks and store writes. Not the
 * fault generator: every request moves it, and it is saved along with any other change.
 */
function changeKey(snapshot: SandboxSnapshot): string {
  return JSON.stringify([
    snapshot.orgsCreated,
    snapshot.orgs.map(({ org: { faultRng: _, ...org }, stores }) => [
      org,
      [...stores.values()].map((store) => store.writes),
    ]),
  ]);
}
