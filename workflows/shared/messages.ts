import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { SyncProgress } from './sync-progress';

/** Per-entity progress of a running sync (phase, pages, counts, cursor). */
export const progressQuery = defineQuery<SyncProgress>('progress');

/** A trigger arrived while this sync runs: run once more when done (coalescing, never lost). */
export const requestRerunSignal = defineSignal('requestRerun');

/** A record changed at the source (webhook): sync it. The body is a hint; the API is the truth. */
export interface RecordRef {
  readonly entity: string;
  readonly id: string;
}
export const recordChangedSignal = defineSignal<[RecordRef]>('recordChanged');
