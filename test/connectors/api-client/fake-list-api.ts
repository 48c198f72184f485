import { type PaginationStyle } from '../../../connectors/api-client';
import { type FakeHandler, sendJson } from './fake-api';

export interface FakeRecord {
  readonly id: string;
  readonly updated_at: string;
  readonly name: string;
}

/**
 * Eleven records whose `updated_at` values tie in runs of up to four, so that with small page sizes
 * ties straddle page boundaries (the case keyset pagination on (updated_at, id) exists for).
 */
export function tiedRecords(): FakeRecord[] {
  const times = ['00', '00', '00', '00', '01', '01', '02', '02', '02', '03', '04'];
  return times.map((second, index) => ({
    id: `rec_${String(index + 1).padStart(2, '0')}`,
    updated_at: `2026-01-01T00:00:${second}.000Z`,
    name: `Record ${index + 1}`,
  }));
}

const byKey = (a: FakeRecord, b: FakeRecord): number =>
  a.updated_at === b.updated_at ? a.id.localeCompare(b.id) : a.updated_at.localeCompare(b.updated_at);

const encodeToken = (record: FakeRecord): string =>
  Buffer.from(JSON.stringify([record.updated_at, record.id])).toString('base64url');

function afterToken(records: readonly FakeRecord[], token: string | null): FakeRecord[] {
  if (token === null) return [...records];
  const [updatedAt, id] = JSON.parse(Buffer.from(token, 'base64url').toString()) as [string, string];
  return records.filter((r) => r.updated_at > updatedAt || (r.updated_at === updatedAt && r.id > id));
}

/**
 * The sandbox's contract for `/v1/things` (list in one pagination style), `/v1/things/ids` and
 * `/v1/things/{id}`, over a fixed set of records.
 */
export function contractHandler(style: PaginationStyle, all: readonly FakeRecord[]): FakeHandler {
  const sorted = [...all].sort(byKey);
  return (req, res, api) => {
    const url = new URL(req.url ?? '/', api.url);
    const limit = Number(url.searchParams.get('limit') ?? '100');
    if (url.pathname === '/v1/things/ids') {
      const after = url.searchParams.get('after');
      const byId = [...all]
        .sort((a, b) => a.id.localeCompare(b.id))
        .filter((r) => after === null || r.id > after);
      const data = byId.slice(0, limit).map(({ id, updated_at }) => ({ id, updated_at }));
      const last = data.at(-1);
      return sendJson(res, 200, { data, next_after: byId.length > limit && last ? last.id : null });
    }
    if (url.pathname.startsWith('/v1/things/')) {
      const record = all.find((r) => `/v1/things/${r.id}` === url.pathname);
      return record
        ? sendJson(res, 200, { data: record })
        : sendJson(res, 404, { error: { code: 'not_found', message: 'No such thing' } });
    }
    const since = url.searchParams.get('updated_since');
    const live = sorted.filter((r) => since === null || r.updated_at >= since);
    if (style === 'page') {
      const page = Number(url.searchParams.get('page') ?? '1');
      const data = live.slice((page - 1) * limit, page * limit);
      return sendJson(res, 200, { data, page, per_page: limit, has_more: page * limit < live.length });
    }
    const rest = afterToken(live, url.searchParams.get('cursor'));
    const data = rest.slice(0, limit);
    const last = data.at(-1);
    const token = rest.length > limit && last ? encodeToken(last) : null;
    if (style === 'cursor') return sendJson(res, 200, { data, next_cursor: token });
    const next = new URL(url);
    if (token !== null) next.searchParams.set('cursor', token);
    return sendJson(res, 200, { data }, token === null ? {} : { link: `<${next.href}>; rel="next"` });
  };
}
