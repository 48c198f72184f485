import { sql } from 'kysely';
import { arrayLiteral } from '../../db/entity-writes/column-arrays';
import { createTestDatabase, type TestDatabase } from '../harness/test-database';

describe('arrayLiteral', () => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await createTestDatabase();
  });

  afterAll(() => testDb?.destroy());

  const roundTrip = async (literal: string, type: string): Promise<unknown[]> => {
    const { rows } = await sql<{ values: unknown[] }>`select ${literal}::${sql.raw(type)} as values`.execute(
      testDb.db,
    );
    return rows[0]!.values;
  };

  it('is read back by PostgreSQL as the very strings it was given', async () => {
    const texts = [
      'plain',
      '',
      'with space',
      'a,b',
      '{braces}',
      'NULL',
      'ünïcödé ✓',
      'tab\there',
      'line\nbreak',
      'say "hi"',
      'back\\slash',
      '\\"both\\"',
      '"',
      '\\',
      '{"json":"text","n":[1,2]}',
      null,
    ];
    expect(await roundTrip(arrayLiteral(texts), 'text[]')).toEqual(texts);
    expect(await roundTrip(arrayLiteral([]), 'text[]')).toEqual([]);
  });

  it('carries numbers, booleans, instants and JSON in their columns’ types', async () => {
    expect(await roundTrip(arrayLiteral([1, -2, null]), 'integer[]')).toEqual([1, -2, null]);
    expect(await roundTrip(arrayLiteral([true, false]), 'boolean[]')).toEqual([true, false]);
    const [instant] = await roundTrip(arrayLiteral([new Date('2026-01-02T03:04:05.678Z')]), 'timestamptz[]');
    expect((instant as Date).toISOString()).toBe('2026-01-02T03:04:05.678Z');
    const json = [JSON.stringify({ a: 'b"c\\d' }), JSON.stringify(['x'])];
    expect(await roundTrip(arrayLiteral(json), 'jsonb[]')).toEqual([{ a: 'b"c\\d' }, ['x']]);
  });
});
