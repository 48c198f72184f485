/** Exit codes of every `sync-engine` command. */
export const ExitCode = {
  /** It worked (and, for verify, found no difference). */
  Success: 0,
  /** It failed, or verify found a difference. */
  Failure: 1,
  /** The command line was wrong. */
  Usage: 2,
} as const;
