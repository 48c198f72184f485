import { type Socket } from 'node:net';

/** How a held request ended: its time passed, the client left, or the server is stopping. */
export type HoldOutcome = 'elapsed' | 'closed' | 'released';

/**
 * Requests the sandbox keeps waiting on purpose (slow answers, answers that never come in time).
 * Each hold ends early when the client disconnects or the server stops, so no timer outlives
 * the request it was for.
 */
export class HeldRequests {
  private readonly releases = new Set<() => void>();

  hold(socket: Socket, ms: number): Promise<HoldOutcome> {
    if (socket.destroyed) return Promise.resolve('closed');
    return new Promise((resolve) => {
      const finish = (outcome: HoldOutcome): void => {
        clearTimeout(timer);
        socket.off('close', onClose);
        this.releases.delete(release);
        resolve(outcome);
      };
      const onClose = (): void => finish('closed');
      const release = (): void => finish('released');
      const timer = setTimeout(() => finish('elapsed'), ms);
      socket.once('close', onClose);
      this.releases.add(release);
    });
  }

  /** Ends every hold now (the server is stopping). */
  releaseAll(): void {
    for (const release of [...this.releases]) release();
  }
}
