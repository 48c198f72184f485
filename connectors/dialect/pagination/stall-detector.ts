import { ApiFatalError } from '../../api-client/errors';
import { type PagePosition, positionKey } from './page-position';

/** Remembers the positions of one walk through a list. */
export interface StallDetector {
  /** Throws ApiFatalError when `position` was visited before in this walk; null (the end) passes. */
  visit(position: PagePosition | null): void;
}

/**
 * Detects a paginator that does not advance: an API that hands out a position it already gave
 * (directly or after a detour) would otherwise be fetched in a loop forever. Visit the starting
 * position too when resuming. Keeps one key per page of the walk.
 *
 * @example
 * const stalls = createStallDetector('GET /v1/things');
 * stalls.visit({ style: 'body-cursor', token: 'a' });
 * stalls.visit({ style: 'body-cursor', token: 'a' }); // throws ApiFatalError
 */
export function createStallDetector(request: string): StallDetector {
  const seen = new Set<string>();
  return {
    visit(position) {
      if (position === null) return;
      const key = positionKey(position);
      if (seen.has(key)) {
        // The position itself is not quoted: a token or URL may encode record data.
        throw new ApiFatalError(
          `${request}: the list returned the same ${position.style} position again (it would loop forever)`,
          undefined,
          request,
        );
      }
      seen.add(key);
    },
  };
}
