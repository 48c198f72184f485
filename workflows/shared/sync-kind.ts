/** The kinds of sync the engine runs. */
export const SYNC_KINDS = ['full', 'delta', 'reconcile', 'record'] as const;
export type SyncKind = (typeof SYNC_KINDS)[number];
