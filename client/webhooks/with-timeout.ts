import { DeadlineExceededError } from './errors';

/**
 * `work`, or a DeadlineExceededError once `timeoutMs` passes. The work is not cancelled (give it
 * its own deadline too); its late rejection is swallowed so it cannot crash the process.
 */
export async function withTimeout<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceededError(what, timeoutMs)), timeoutMs);
  });
  void work.catch(() => undefined);
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
