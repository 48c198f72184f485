import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type Org, type OrgEntity } from '../org/org';
import { decodeCursor, encodeCursor } from './cursor-token';
import { QueryParams } from './query-params';

export const MAX_PAGE_SIZE = 500;
const DEFAULT_PAGE_SIZE = 100;

/**
 * `GET /v1/{entity}`: live records sorted by (updated_at, id), from `updated_since` (inclusive),
 * one page in the org's pagination style. Returns the JSON body; sets the Link header itself.
 */
export function listRecords(
  org: Org,
  entity: OrgEntity,
  request: FastifyRequest,
  reply: FastifyReply,
): string {
  const query = new QueryParams(request);
  const limit = query.integer('limit', { min: 1, max: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE });
  const updatedSince = query.timestamp('updated_since');
  const store = entity.store;
  let start = updatedSince === undefined ? 0 : store.positionAtOrAfter(updatedSince);

  if (org.pagination === 'page') {
    const page = query.integer('page', { min: 1, max: 1e9, default: 1 });
    start += (page - 1) * limit;
    const data = renderPage(org, entity, start, limit);
    const hasMore = start + data.length < store.liveCount;
    return JSON.stringify({ data, page, per_page: limit, has_more: hasMore });
  }

  const cursor = query.string('cursor');
  if (cursor !== undefined) {
    const after = decodeCursor(entity.definition.name, cursor);
    start = Math.max(start, store.positionAfter(after.updatedAtMs, after.slot));
  }
  const data = renderPage(org, entity, start, limit);
  const lastSlot = store.slotAt(start + data.length - 1);
  const next =
    data.length > 0 && start + data.length < store.liveCount
      ? encodeCursor(entity.definition.name, { updatedAtMs: store.updatedAt(lastSlot), slot: lastSlot })
      : null;
  if (org.pagination === 'cursor') return JSON.stringify({ data, next_cursor: next });
  if (next !== null) reply.header('link', `<${nextLink(request, query, next)}>; rel="next"`);
  return JSON.stringify({ data });
}

function renderPage(org: Org, entity: OrgEntity, start: number, limit: number): Record<string, unknown>[] {
  const end = Math.min(start + limit, entity.store.liveCount);
  const data: Record<string, unknown>[] = [];
  for (let position = start; position < end; position++) {
    data.push(org.render(entity, entity.store.slotAt(position), 'served'));
  }
  return data;
}

/** The absolute URL of the next page: every query parameter of this one, with the next cursor. */
function nextLink(request: FastifyRequest, query: QueryParams, cursor: string): string {
  const params = new URLSearchParams(query.entries().filter(([name]) => name !== 'cursor'));
  params.set('cursor', cursor);
  const path = request.url.split('?')[0] ?? '/';
  // Without a Host header (HTTP/1.0), the address the request came in on.
  const host =
    request.host || `${request.socket.localAddress ?? '127.0.0.1'}:${request.socket.localPort ?? ''}`;
  return `${request.protocol}://${host}${path}?${params.toString()}`;
}
