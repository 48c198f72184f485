/** External ids: prefix, underscore, 7-digit zero-padded number, so string order is numeric order. */
export const ID_DIGITS = 7;
/** The largest slot an id can carry; creates stop there so ids keep their width. */
export const MAX_SLOT = 10 ** ID_DIGITS - 1;

/**
 * `_0000` … `_9999` and `000` … `999`: an id is three concatenated strings, without converting
 * a number to text (ids are the hottest path of listing; the tables take about half a megabyte).
 */
const HIGH_DIGITS = Array.from({ length: 10_000 }, (_, n) => `_${String(n).padStart(4, '0')}`);
const LOW_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));

export function formatId(prefix: string, slot: number): string {
  const high = Math.floor(slot / 1000);
  return prefix + (HIGH_DIGITS[high] ?? '_') + (LOW_DIGITS[slot - high * 1000] ?? '');
}

/** The slot an id names, or undefined when it is not an id of this prefix. */
export function parseId(prefix: string, id: string): number | undefined {
  if (id.length !== prefix.length + 1 + ID_DIGITS || !id.startsWith(`${prefix}_`)) return undefined;
  const digits = id.slice(prefix.length + 1);
  if (!/^\d+$/.test(digits)) return undefined;
  const slot = Number(digits);
  return slot >= 1 ? slot : undefined;
}
