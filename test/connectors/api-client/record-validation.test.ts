import { z } from 'zod';
import { readableId, validateRecords } from '../../../connectors/api-client';

const person = z.object({
  id: z.string(),
  name: z.string().min(1),
  salary: z.object({ amount: z.number(), currency: z.enum(['EUR', 'USD']) }),
  tags: z.array(z.string()).max(2),
  manager_id: z.string().nullable(),
});

const good = (id: string) => ({
  id,
  name: 'Ada',
  salary: { amount: 10, currency: 'EUR' },
  tags: [],
  manager_id: null,
});

/** Everything an invalid record's report exposes, for "the value is not there" assertions. */
function exposed(result: ReturnType<typeof validateRecords>): string {
  return result.invalid
    .map(
      ({ error, externalId }) => `${String(error)} ${error.message} ${JSON.stringify(error)} ${externalId}`,
    )
    .join('\n');
}

describe('validateRecords', () => {
  it('reports malformed records one by one without failing the page', () => {
    const records = [
      good('per_1'),
      { ...good('per_2'), salary: { amount: 'SECRET-AMOUNT-991', currency: 'EUR' } },
      good('per_3'),
      { ...good('per_4'), name: 12345678, tags: ['a', 'b', 'SECRET-TAG-77'] },
      'SECRET-NOT-A-RECORD',
    ];
    const result = validateRecords('people', person, records);

    expect(result.valid.map((v) => v.record.id)).toEqual(['per_1', 'per_3']);
    expect(result.valid[0]?.raw).toBe(records[0]);
    expect(result.invalid.map((i) => i.externalId)).toEqual(['per_2', 'per_4', undefined]);
    expect(result.invalid.map((i) => i.raw)).toEqual([records[1], records[3], records[4]]);

    const [second, fourth, notARecord] = result.invalid.map((i) => i.error);
    expect(second).toMatchObject({ name: 'InvalidRecordError', kind: 'invalid-record', retryable: false });
    expect(second).toMatchObject({ entity: 'people', externalId: 'per_2' });
    expect(second?.issues).toEqual([
      { path: 'salary.amount', message: 'expected number', receivedType: 'string' },
    ]);
    expect(second?.message).toBe('Invalid people record per_2: salary.amount: expected number, got string');
    expect(fourth?.issues).toEqual([
      { path: 'name', message: 'expected string', receivedType: 'number' },
      { path: 'tags', message: 'expected array to have at most 2 items', receivedType: 'array' },
    ]);
    expect(notARecord?.issues).toEqual([{ path: '', message: 'expected object', receivedType: 'string' }]);

    const text = exposed(result);
    for (const secret of ['SECRET', '12345678']) expect(text).not.toContain(secret);
  });

  it.each([
    ['a missing field', { manager_id: undefined }, 'manager_id', 'expected string', 'undefined'],
    ['null where a string is required', { name: null }, 'name', 'expected string', 'null'],
    [
      'a value outside an enum',
      { salary: { amount: 1, currency: 'SECRET-CUR' } },
      'salary.currency',
      'expected one of "EUR" | "USD"',
      'string',
    ],
    ['an object where an array is required', { tags: { SECRET: 1 } }, 'tags', 'expected array', 'object'],
    ['an array element of the wrong type', { tags: [true] }, 'tags.0', 'expected string', 'boolean'],
    ['a string too short', { name: '' }, 'name', 'expected string to have at least 1 characters', 'string'],
  ])('names the path and type of %s', (_case, change, path, message, receivedType) => {
    const result = validateRecords('people', person, [{ ...good('per_1'), ...change }]);
    expect(result.invalid[0]?.error.issues).toEqual([{ path, message, receivedType }]);
    expect(exposed(result)).not.toContain('SECRET');
  });

  it('keeps no received value from the messages of enums, literals, unions and formats', () => {
    const schema = z.strictObject({
      id: z.string(),
      kind: z.literal('employee'),
      email: z.email(),
      code: z.string().regex(/^[A-Z]{3}$/),
      status: z.enum(['active', 'inactive']),
      count: z.union([z.number(), z.null()]),
      when: z.iso.datetime(),
      shape: z.discriminatedUnion('type', [
        z.object({ type: z.literal('a') }),
        z.object({ type: z.literal('b') }),
      ]),
      labels: z.record(z.string().min(5), z.number()),
    });
    const record = {
      id: 'per_9',
      kind: 'SECRET-KIND',
      email: 'SECRET-EMAIL',
      code: 'SECRET-CODE',
      status: 'SECRET-STATUS',
      count: 'SECRET-COUNT',
      when: 'SECRET-WHEN',
      shape: { type: 'SECRET-TYPE' },
      labels: { SEC: 1 },
      SECRET_EXTRA: 'SECRET-EXTRA-VALUE',
    };
    const result = validateRecords('people', schema, [record]);
    expect(result.invalid[0]?.error.issues).toEqual([
      { path: 'kind', message: 'expected "employee"', receivedType: 'string' },
      { path: 'email', message: 'expected email format', receivedType: 'string' },
      { path: 'code', message: 'expected a string matching /^[A-Z]{3}$/', receivedType: 'string' },
      { path: 'status', message: 'expected one of "active" | "inactive"', receivedType: 'string' },
      { path: 'count', message: 'expected number or null', receivedType: 'string' },
      { path: 'when', message: 'expected datetime format', receivedType: 'string' },
      { path: 'shape.type', message: 'expected one of "a" | "b"', receivedType: 'string' },
      {
        path: 'labels',
        message: 'has an invalid key (expected string to have at least 5 characters)',
        receivedType: 'object',
      },
      { path: 'SECRET_EXTRA', message: 'unexpected field', receivedType: 'string' },
    ]);
    // A key is the field name, not its value: the unexpected key is named, its value is not.
    expect(exposed(result)).not.toContain('SECRET-');
    expect(exposed(result)).not.toContain('SEC:');
  });

  it('keeps a custom message unless it echoes a value of the record', () => {
    const schema = z
      .object({ id: z.string(), code: z.string(), starts: z.number(), ends: z.number() })
      .refine((r) => r.ends >= r.starts, { message: 'ends must not precede starts', path: ['ends'] })
      .refine((r) => r.code.length < 3, { error: (issue) => `bad code in ${JSON.stringify(issue.input)}` });
    const result = validateRecords('people', schema, [
      { id: 'per_1', code: 'SECRET-CODE', starts: 20, ends: 10 },
    ]);
    expect(result.invalid[0]?.error.issues).toEqual([
      { path: 'ends', message: 'ends must not precede starts', receivedType: 'number' },
      { path: '', message: 'failed a custom check', receivedType: 'object' },
    ]);
    expect(exposed(result)).not.toContain('SECRET');
  });

  it('drops a custom message when the record is too large to check it for echoes', () => {
    const schema = z
      .object({ items: z.array(z.number()) })
      .refine(() => false, { message: 'too many items' });
    const items = Array.from({ length: 5_000 }, (_, i) => i);
    expect(validateRecords('things', schema, [{ items }]).invalid[0]?.error.issues).toEqual([
      { path: '', message: 'failed a custom check', receivedType: 'object' },
    ]);
  });

  it('returns validated (transformed) records next to the raw ones', () => {
    const schema = z.object({ id: z.string(), n: z.string().transform(Number) });
    const raw = { id: 'a', n: '5' };
    expect(validateRecords('things', schema, [raw])).toEqual({
      valid: [{ record: { id: 'a', n: 5 }, raw }],
      invalid: [],
    });
  });
});

describe('readableId', () => {
  it.each([
    [{ id: 'per_1' }, 'per_1'],
    [{ id: 42 }, '42'],
    [{ id: '' }, undefined],
    [{ id: 'x'.repeat(300) }, undefined],
    [{ id: { nested: 1 } }, undefined],
    [{ id: Number.NaN }, undefined],
    [['per_1'], undefined],
    [null, undefined],
    [Object.create({ id: 'inherited' }) as unknown, undefined],
  ])('reads %j as %j', (raw, expected) => {
    expect(readableId(raw)).toBe(expected);
  });
});
