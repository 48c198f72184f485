import { createHash } from 'node:crypto';
import { type ScheduleOptions, ScheduleOverlapPolicy } from '@temporalio/client';
import type { Organization } from '../db/tables/organizations.table';
import { ORG_ID, SYNC_KIND } from '../workflows/shared/search-attributes';
import { scheduleId, syncWorkflowId } from '../workflows/shared/workflow-ids';

export const DELTA_EVERY_MINUTES = 15;

/** A schedule an organization should have, and a fingerprint of its definition. */
export interface DesiredSchedule {
  readonly scheduleId: string;
  readonly orgId: string;
  readonly kind: 'delta' | 'reconcile';
  readonly options: ScheduleOptions;
  /** Changes whenever anything that defines the schedule changes: `apply` updates on a mismatch. */
  readonly definition: string;
}

/** A stable number in [0, modulo) from an org id: spreads orgs evenly over the period. */
function spread(orgId: string, salt: string, modulo: number): number {
  return createHash('sha256').update(`${salt}:${orgId}`).digest().readUInt32BE(0) % modulo;
}

/**
 * The two schedules of an organization:
 * - delta every 15 minutes, each org at its own offset within the period (so a fleet's deltas do
 *   not all start at :00) plus up to a minute of jitter;
 * - reconciliation nightly at the org's `reconcile_hour` in its own time zone, at an org-specific
 *   minute plus up to 10 minutes of jitter.
 * Both buffer one trigger while a run is in progress (never two at once, never a lost trigger:
 * the buffered run covers every trigger that arrived meanwhile).
 */
export function desiredSchedules(org: Organization, taskQueue: string): DesiredSchedule[] {
  const offsetSeconds = spread(org.id, 'delta', DELTA_EVERY_MINUTES * 60);
  const minute = spread(org.id, 'reconcile', 60);
  const common = (kind: 'delta' | 'reconcile', workflowType: string) => ({
    scheduleId: scheduleId(org.id, kind),
    action: {
      type: 'startWorkflow' as const,
      workflowType,
      workflowId: syncWorkflowId(org.id, kind),
      taskQueue,
      args: [{ orgId: org.id }],
      typedSearchAttributes: [
        { key: ORG_ID, value: org.id },
        { key: SYNC_KIND, value: kind },
      ],
    },
    policies: { overlap: ScheduleOverlapPolicy.BUFFER_ONE, catchupWindow: '1 hour' },
    typedSearchAttributes: [
      { key: ORG_ID, value: org.id },
      { key: SYNC_KIND, value: kind },
    ],
  });
  const delta = {
    ...common('delta', 'deltaSyncWorkflow'),
    spec: {
      intervals: [{ every: `${DELTA_EVERY_MINUTES} minutes`, offset: `${offsetSeconds} seconds` }],
      jitter: '1 minute',
    },
  };
  const reconcile = {
    ...common('reconcile', 'reconcileWorkflow'),
    spec: {
      calendars: [{ hour: org.reconcile_hour, minute }],
      timezone: org.time_zone,
      jitter: '10 minutes',
    },
  };
  return [withDefinition(org.id, 'delta', delta), withDefinition(org.id, 'reconcile', reconcile)];
}

/** The memo key of the started workflows' action that records the schedule's definition. */
export const DEFINITION_MEMO_KEY = 'scheduleDefinition';

/**
 * Fingerprints the definition and records it in the action's memo, the part of a schedule that
 * `describe()` returns and `update()` can change: `apply` compares it to decide on an update.
 */
function withDefinition(
  orgId: string,
  kind: 'delta' | 'reconcile',
  options: ScheduleOptions,
): DesiredSchedule {
  const { spec, action, policies } = options;
  const definition = createHash('sha256')
    .update(JSON.stringify({ spec, action, policies }))
    .digest('hex')
    .slice(0, 16);
  return {
    scheduleId: options.scheduleId,
    orgId,
    kind,
    definition,
    options: { ...options, action: { ...options.action, memo: { [DEFINITION_MEMO_KEY]: definition } } },
  };
}
