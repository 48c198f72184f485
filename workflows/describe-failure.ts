import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';

/** `Type: message` of what failed, for the sync_runs row (never record contents: failures carry none). */
export function describeFailure(err: unknown): string {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) return `${cause.type ?? 'Error'}: ${cause.message}`;
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
}
