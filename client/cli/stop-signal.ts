/** Resolves on the first SIGINT (Ctrl-C) or SIGTERM (Kubernetes, docker stop): time to shut down. */
export function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve(signal));
  });
}
