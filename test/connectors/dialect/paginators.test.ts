import { type PagePosition, pagePositionSchema } from '../../../connectors/dialect/pagination';
import { MULTI_PAGE_APIS, singlePageApi } from './fake-dialect-apis';
import { recordIds, walkPages } from './walk-pages';

describe.each(MULTI_PAGE_APIS.map((make) => [make().name, make] as const))('%s pagination', (_name, make) => {
  const api = make();
  const allIds = api.records.map((record) => record.id);

  it('returns every record exactly once, in order, across pages where updated_at ties straddle a boundary', () => {
    const pages = walkPages(api, { pageSize: 3 });
    expect(pages.length).toBeGreaterThanOrEqual(4);
    // The first page ends inside the run of four records updated at second 00.
    expect(pages[0]?.records.at(-1)).toMatchObject({ updated_at: api.records[3]?.updated_at });
    expect(pages[1]?.records[0]).toMatchObject({ updated_at: api.records[3]?.updated_at });
    expect(recordIds(pages)).toEqual(allIds);
    expect(pages.at(-1)?.next).toBeNull();
    expect(pages[0]?.request.position).toBeNull();
    expect(pages.every((page) => page.next === null || page.next.style === api.declaration.style)).toBe(true);
  });

  it('resumes from a position that went through JSON, yielding exactly the remaining records', () => {
    const pages = walkPages(api, { pageSize: 3 });
    const stored: unknown = JSON.parse(JSON.stringify(pages[1]?.next));
    const position: PagePosition = pagePositionSchema.parse(stored);
    const rest = walkPages(api, { pageSize: 3 }, position);
    expect(recordIds(rest)).toEqual(recordIds(pages.slice(2)));
    expect([...recordIds(pages.slice(0, 2)), ...recordIds(rest)]).toEqual(allIds);
  });

  it('carries the caller’s delta filter and the page size to every page', () => {
    const since = '2026-01-01T00:00:01.000Z';
    const pages = walkPages(api, { pageSize: 2, query: { updated_since: since } });
    expect(recordIds(pages)).toEqual(api.records.filter((r) => r.updated_at >= since).map((r) => r.id));
    const sizeParameter = api.declaration.pageSize.parameter ?? '';
    for (const { url } of pages) {
      expect(url.searchParams.get('updated_since')).toBe(since);
      expect(url.searchParams.get(sizeParameter)).toBe('2');
      for (const [name, value] of Object.entries(api.declaration.fixedParameters ?? {})) {
        expect(url.searchParams.get(name)).toBe(value);
      }
    }
  });

  it('reads one page holding everything as the end', () => {
    const pages = walkPages(api, { pageSize: 100 });
    expect(recordIds(pages)).toEqual(allIds);
    // A list that cannot tell a full last page from a longer list asks once more and gets nothing.
    expect(pages.length).toBeLessThanOrEqual(2);
  });
});

describe('an unpaginated list', () => {
  it('is one page, and the page size goes nowhere', () => {
    const api = singlePageApi();
    const pages = walkPages(api, { pageSize: 3 });
    expect(pages).toHaveLength(1);
    expect(recordIds(pages)).toEqual(api.records.map((r) => r.id));
    expect([...(pages[0]?.url.searchParams.keys() ?? [])]).toEqual([]);
  });
});
