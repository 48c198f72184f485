import type { SyncKind } from './sync-kind';

/**
 * Workflow ids derive from org and kind, so a second start of the same sync finds the first one
 * (Temporal allows one running execution per id) and the Web UI groups an org's runs.
 */
export function syncWorkflowId(orgId: string, kind: Exclude<SyncKind, 'record'>): string {
  return `sync:${orgId}:${kind}`;
}

/** The one long-lived workflow per org that applies webhook-driven record syncs. */
export function recordSyncWorkflowId(orgId: string): string {
  return `sync:${orgId}:records`;
}

/** Schedules carry the id of the workflows they start (Temporal appends the trigger time). */
export function scheduleId(orgId: string, kind: 'delta' | 'reconcile'): string {
  return `sync:${orgId}:${kind}`;
}
