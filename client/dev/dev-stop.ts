import { ExitCode } from '../cli/exit-codes';

/**
 * How long `sync-engine dev` takes at most from Ctrl-C to its exit (README, Quick start). Its stop
 * steps are bounded to fit in it (see StopPlan); past it, what is left is killed.
 */
export const DEV_STOP_GRACE_MS = 20_000;

/** Dev was asked to stop (Ctrl-C, SIGTERM): the reason of the stop signal's abort. */
export class DevStoppedError extends Error {
  override readonly name = 'DevStoppedError';
  constructor(readonly signal: NodeJS.Signals) {
    super(`stopped by ${signal}`);
  }
}

/**
 * Ctrl-C for `dev`: the first SIGINT or SIGTERM prints `Stopping…` at once and aborts `signal`, which
 * every startup step and the progress display watch; a second one, or the grace time running out,
 * kills the servers and exits 1 without waiting for anything.
 */
export class DevStop {
  private readonly controller = new AbortController();
  private readonly kills = new Set<() => void>();
  private deadline: NodeJS.Timeout | undefined;
  readonly signal: AbortSignal = this.controller.signal;

  private constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly graceMs: number,
  ) {}

  /** Listens for SIGINT and SIGTERM until `dispose()`. */
  static listen(out: NodeJS.WritableStream = process.stdout, graceMs = DEV_STOP_GRACE_MS): DevStop {
    const stop = new DevStop(out, graceMs);
    for (const name of ['SIGINT', 'SIGTERM'] as const) process.on(name, stop.receive);
    return stop;
  }

  /** What a forced stop must kill at once (the servers, which would otherwise outlive us for a while). */
  onForcedStop(kill: () => void): void {
    this.kills.add(kill);
  }

  dispose(): void {
    for (const name of ['SIGINT', 'SIGTERM'] as const) process.off(name, this.receive);
    clearTimeout(this.deadline);
  }

  private readonly receive = (signal: NodeJS.Signals): void => {
    if (this.signal.aborted) return this.force(`${signal} again: stopping at once`);
    this.out.write('Stopping… (Ctrl-C again to stop at once)\n');
    this.deadline = setTimeout(
      () => this.force(`not stopped within ${this.graceMs / 1000} s: killing what is left`),
      this.graceMs,
    );
    this.deadline.unref();
    this.controller.abort(new DevStoppedError(signal));
  };

  private force(reason: string): never {
    process.stderr.write(`sync-engine dev: ${reason}\n`);
    for (const kill of this.kills) {
      try {
        kill();
      } catch {
        // Exiting matters more: the watchdogs stop whatever a kill missed.
      }
    }
    process.exit(ExitCode.Failure);
  }
}
