/** The command line was wrong (exit code 2), as opposed to the work failing (exit code 1). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
