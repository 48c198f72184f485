import { patched } from '@temporalio/workflow';

/**
 * Which code path an org-level sync run takes, so that runs begun by an older worker replay as
 * they ran. Each `patched` call of a new run records a marker and upserts the
 * `TemporalChangeVersion` search attribute (a visibility write), so a run asks once, at its start:
 * - 1: start and end of the run as regular activities;
 * - 2: start and end as local activities (`lifecycle-local-activities`);
 * - 3: also a delta's first slice as a local activity, and no search-attribute upsert when the
 *   starter set them (`run-v3`).
 */
export type RunVersion = 1 | 2 | 3;

export const RUN_V3_PATCH = 'run-v3';
export const LOCAL_LIFECYCLE_PATCH = 'lifecycle-local-activities';

/** Call once, at the start of a run, before any command. */
export function runVersion(): RunVersion {
  return patched(RUN_V3_PATCH) ? 3 : 1;
}

/** For runs before version 3: called where version 2 called it (after the search attributes). */
export function olderRunVersion(): 1 | 2 {
  return patched(LOCAL_LIFECYCLE_PATCH) ? 2 : 1;
}
