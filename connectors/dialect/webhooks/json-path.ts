/**
 * Dotted paths into parsed JSON, as declarations write them: `data.object.id`, `0.eventId`. A
 * segment of digits indexes an array. Keys containing a dot cannot be named; no provider we model
 * needs them.
 */
export const FIELD_PATH = /^[A-Za-z0-9_$@-]+(\.[A-Za-z0-9_$@-]+)*$/;

const ARRAY_INDEX = /^\d+$/;

/** The value at `path` (already checked against FIELD_PATH), or undefined when any step is missing. */
export function readPath(root: unknown, path: string): unknown {
  let current = root;
  for (const segment of path.split('.')) {
    if (Array.isArray(current)) {
      current = ARRAY_INDEX.test(segment) ? (current as unknown[])[Number(segment)] : undefined;
    } else if (typeof current === 'object' && current !== null && Object.hasOwn(current, segment)) {
      // Own properties only: a path must not reach Object.prototype (`constructor`, `toString`).
      current = (current as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return current;
}
