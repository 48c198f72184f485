import { type EntityName } from '../entities/entity-definition';

/** A create or an update, as the webhook of it tells (deletes send none). */
export interface RecordEvent {
  readonly type: 'created' | 'updated';
  readonly entity: EntityName;
  readonly id: string;
  /** The record's updated_at after the change (a late write's is in the past). */
  readonly updatedAtMs: number;
  /** When the change happened. */
  readonly atMs: number;
}
