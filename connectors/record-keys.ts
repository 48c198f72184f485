import type { EntityDefinition } from './connector-definition';

/** The field holding an entity's last-change time. */
export function deltaFieldOf(entity: EntityDefinition): string {
  return entity.deltaSyncField ?? 'updated_at';
}

/**
 * A valid record's id at the source, as the engine stores it in `external_id`: the entity's
 * `externalIdOf`, else `record.id`. Everything that matches records to rows goes through here.
 */
export function externalIdOf(entity: EntityDefinition, record: unknown): string {
  return entity.externalIdOf ? entity.externalIdOf(record) : String((record as { id: unknown }).id);
}

/** The record's delta-field value when it is a readable timestamp, else null. */
export function deltaValueOf(record: unknown, field: string): string | null {
  const value = (record as Record<string, unknown> | null)?.[field];
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : null;
}
