import type { z } from 'zod';
import { UsageError } from './usage-error';

/**
 * The command-line flag of an input key, as the user types it: `apiUrl` → `--api-url`. Commander
 * derives option keys from flags by camel-casing them, so this is its inverse for every command.
 */
export function flagOf(key: PropertyKey): string {
  return `--${String(key).replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** A usage error naming the flag (by its input key) and what is wrong with its value. */
export function flagError(key: PropertyKey, message: string): UsageError {
  return new UsageError(`${flagOf(key)}: ${message}`);
}

/** One usage error for every issue of a failed validation of command-line input, each naming its flag. */
export function usageErrorOf(error: z.ZodError): UsageError {
  return new UsageError(
    error.issues
      .map((issue) => (issue.path.length > 0 ? `${flagOf(issue.path[0]!)}: ${issue.message}` : issue.message))
      .join('; '),
  );
}
