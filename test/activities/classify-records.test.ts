import { z } from 'zod';
import { classifyRecords } from '../../activities/classify-records';
import type { EntityDefinition } from '../../connectors/connector-definition';

const thing: EntityDefinition = {
  name: 'things',
  dependsOn: [],
  paths: { list: '/things', get: '/things/{id}', ids: '/things/ids' },
  schema: z.object({ id: z.string(), updated_at: z.string(), size: z.number() }),
  table: 'things',
  columns: { size: 'integer' },
  transform: (record) => ({ size: (record as { size: number }).size }),
};

describe('classifyRecords', () => {
  it('transforms valid records and quarantines the rest without failing the page', () => {
    const result = classifyRecords(thing, [
      { id: 'a', updated_at: '2026-01-01T00:00:00Z', size: 1 },
      { id: 'b', updated_at: '2026-01-02T00:00:00Z', size: 'big' },
    ]);
    expect(result.valid).toEqual([
      { externalId: 'a', sourceUpdatedAt: '2026-01-01T00:00:00Z', row: { size: 1 } },
    ]);
    expect(result.invalid.map((entry) => entry.externalId)).toEqual(['b']);
  });

  it("takes the page's newest delta value, of invalid records too, skipping unreadable ones", () => {
    const result = classifyRecords(thing, [
      { id: 'a', updated_at: '2026-01-01T00:00:00Z', size: 1 },
      { id: 'b', updated_at: '2026-01-03T00:00:00+01:00', size: 'big' },
      { id: 'c', updated_at: 'not a time', size: 3 },
      { id: 'd', size: 4 },
      { id: 'e', updated_at: '2026-01-02T23:00:00Z', size: 5 },
    ]);
    // 2026-01-03T00:00+01:00 and 2026-01-02T23:00Z are one instant: the first seen is kept.
    expect(result.maxSeen).toBe('2026-01-03T00:00:00+01:00');
  });

  it('has no newest value for a page without readable ones', () => {
    expect(classifyRecords(thing, []).maxSeen).toBeNull();
    expect(classifyRecords(thing, [{ id: 'a', updated_at: 'soon', size: 1 }]).maxSeen).toBeNull();
  });
});
