import { createHash } from 'node:crypto';
import { validateRecords } from '../connectors/api-client';
import type { EntityDefinition, TransformedRecord } from '../connectors/connector-definition';
import { deltaFieldOf, deltaValueOf, externalIdOf } from '../connectors/record-keys';
import type { QuarantineEntry } from '../db/repositories/quarantine.repository';

export interface ClassifiedRecords {
  readonly valid: TransformedRecord<Record<string, unknown>>[];
  readonly invalid: QuarantineEntry[];
  /** Highest delta-field value on the page, valid records or not: the watermark moves past bad records too. */
  readonly maxSeen: string | null;
}

/**
 * Validates a page's raw records against the entity's schema and transforms the valid ones into
 * rows. A record that fails either step goes to quarantine with a value-free error; the rest of the
 * page goes on.
 */
export function classifyRecords(entity: EntityDefinition, raws: readonly unknown[]): ClassifiedRecords {
  const deltaField = deltaFieldOf(entity);
  const { valid, invalid } = validateRecords(entity.name, entity.schema, raws);
  const result: ClassifiedRecords = {
    valid: [],
    invalid: invalid.map((item) => ({
      externalId: item.externalId ?? syntheticId(item.raw),
      sourceUpdatedAt: deltaValueOf(item.raw, deltaField),
      payload: item.raw,
      error: item.error.message,
    })),
    maxSeen: latestDeltaValue(raws, deltaField),
  };
  for (const { record, raw } of valid) {
    const externalId = externalIdOf(entity, record);
    const sourceUpdatedAt = deltaValueOf(record, deltaField);
    try {
      if (sourceUpdatedAt === null) throw new Error(`${deltaField} is missing`);
      result.valid.push({
        externalId,
        sourceUpdatedAt,
        row: entity.transform(record) as Record<string, unknown>,
      });
    } catch (err) {
      result.invalid.push({
        externalId,
        sourceUpdatedAt,
        payload: raw,
        error: `transform failed: ${err instanceof Error ? err.message : 'unknown error'}`,
      });
    }
  }
  return result;
}

/** `laterOf` over the page, with each value parsed once (this runs for every record synced). */
function latestDeltaValue(raws: readonly unknown[], field: string): string | null {
  let latest: string | null = null;
  let latestMs = Number.NEGATIVE_INFINITY;
  for (const raw of raws) {
    const value = (raw as Record<string, unknown> | null)?.[field];
    if (typeof value !== 'string') continue;
    const ms = Date.parse(value);
    if (ms > latestMs) {
      latest = value;
      latestMs = ms;
    }
  }
  return latest;
}

/** A stable key for a record without a readable id, so its repeats update one quarantine row. */
function syntheticId(raw: unknown): string {
  return `(no-id):${createHash('sha256')
    .update(JSON.stringify(raw) ?? 'undefined')
    .digest('hex')
    .slice(0, 16)}`;
}
