/**
 * `work`, or the signal's reason as soon as it is aborted: a startup step (an org added, schedules
 * applied) must not hold up Ctrl-C, least of all one whose gRPC calls retry against a server that is
 * gone (about 20 s per call). The work is not cancelled; its late failure is swallowed.
 */
export async function untilStopped<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  void work.catch(() => undefined);
  signal.throwIfAborted();
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, stopped]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
