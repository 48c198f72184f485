import { z } from 'zod';

/**
 * Where the next list page starts, per style. Plain JSON: it is stored in PostgreSQL as the sync
 * cursor and read back by another process after a crash, so it is parsed, not trusted, on the way in.
 * A `none` list has no position (its only page is the first).
 */
export const pagePositionSchema = z.discriminatedUnion('style', [
  z.strictObject({ style: z.literal('body-cursor'), token: z.string().min(1) }),
  // The absolute URL the API gave: it carries every parameter, so nothing is added to it again.
  z.strictObject({ style: z.literal('next-url'), url: z.url() }),
  z.strictObject({ style: z.literal('link-header'), url: z.url() }),
  z.strictObject({ style: z.literal('after-last-id'), lastId: z.string().min(1) }),
  z.strictObject({ style: z.literal('offset'), offset: z.int().min(0) }),
  z.strictObject({ style: z.literal('page-number'), page: z.int().min(0) }),
]);

export type PagePosition = z.infer<typeof pagePositionSchema>;
export type PositionOf<S extends PagePosition['style']> = Extract<PagePosition, { style: S }>;

/**
 * Whether two positions point at the same page.
 *
 * @example
 * samePosition({ style: 'offset', offset: 50 }, { style: 'offset', offset: 50 }); // true
 */
export function samePosition(a: PagePosition | null, b: PagePosition | null): boolean {
  return a !== null && b !== null && positionKey(a) === positionKey(b);
}

/** A string that is equal for equal positions (key order of a parsed JSON may differ). */
export function positionKey(position: PagePosition): string {
  switch (position.style) {
    case 'body-cursor':
      return `body-cursor:${position.token}`;
    case 'next-url':
    case 'link-header':
      return `${position.style}:${position.url}`;
    case 'after-last-id':
      return `after-last-id:${position.lastId}`;
    case 'offset':
      return `offset:${position.offset}`;
    case 'page-number':
      return `page-number:${position.page}`;
  }
}
