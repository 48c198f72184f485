import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Records the source sent that failed validation or transformation, kept until they heal. */
export interface QuarantineTable {
  org_id: string;
  entity: string;
  external_id: string;
  /** The record as received (it is the customer's data, so it stays in our DB, never in logs). */
  payload: ColumnType<unknown, unknown, unknown>;
  /** The broken version's delta-field value, when it had a readable one. */
  source_updated_at: Date | null;
  /** What was wrong: path and expected type, never the offending value. */
  error: string;
  first_seen_at: ColumnType<Date, Date | undefined, never>;
  last_seen_at: Date;
  count: Generated<number>;
  /** Set when a later valid version of the record was stored. */
  resolved_at: Date | null;
}

export type QuarantinedRecord = Selectable<QuarantineTable>;
export type NewQuarantinedRecord = Insertable<QuarantineTable>;
export type QuarantinedRecordUpdate = Updateable<QuarantineTable>;
