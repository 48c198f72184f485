import { type Client, ScheduleNotFoundError } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { DEFINITION_MEMO_KEY, desiredSchedules, type DesiredSchedule } from './org-schedules';

export interface ApplySchedulesResult {
  readonly created: string[];
  readonly updated: string[];
  readonly deleted: string[];
  readonly unchanged: string[];
}

/** Every schedule this project owns is named `sync:<org>:<kind>`. */
const OWNED = /^sync:([^:]+):(delta|reconcile)$/;

/**
 * Makes Temporal's schedules match the organizations table: creates missing schedules, updates
 * those whose definition changed (time zone, hour, task queue, …), deletes orphans of removed or
 * unknown orgs. Idempotent: a second run changes nothing. With `orgId`, touches that org's only.
 */
export async function applySchedules(
  client: Client,
  db: Kysely<Database>,
  taskQueue: string,
  options: { readonly orgId?: string } = {},
): Promise<ApplySchedulesResult> {
  let query = db.selectFrom('organizations').selectAll().where('removed_at', 'is', null);
  if (options.orgId) query = query.where('id', '=', options.orgId);
  const desired = new Map<string, DesiredSchedule>(
    (await query.execute()).flatMap((org) => desiredSchedules(org, taskQueue)).map((s) => [s.scheduleId, s]),
  );
  const result: ApplySchedulesResult = { created: [], updated: [], deleted: [], unchanged: [] };

  for (const schedule of desired.values()) {
    // describe() reads the schedule itself; the list is visibility, which lags behind creations.
    const handle = client.schedule.getHandle(schedule.scheduleId);
    const current = await handle.describe().catch((err: unknown) => {
      if (err instanceof ScheduleNotFoundError) return undefined;
      throw err;
    });
    if (!current) {
      await client.schedule.create(schedule.options);
      result.created.push(schedule.scheduleId);
      continue;
    }
    const memo = current.action.type === 'startWorkflow' ? current.action.memo : undefined;
    if (memo?.[DEFINITION_MEMO_KEY] === schedule.definition) {
      result.unchanged.push(schedule.scheduleId);
      continue;
    }
    const { spec, action, policies } = schedule.options;
    await handle.update((previous) => ({
      ...previous,
      spec,
      action,
      policies: { ...previous.policies, ...policies },
    }));
    result.updated.push(schedule.scheduleId);
  }
  for (const id of await ownedScheduleIds(client, options.orgId)) {
    if (desired.has(id)) continue;
    try {
      await client.schedule.getHandle(id).delete();
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    }
    result.deleted.push(id);
  }
  return result;
}

/** Ids of the schedules this project owns (of one org when given). */
export async function ownedScheduleIds(client: Client, orgId?: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const summary of client.schedule.list()) {
    const match = OWNED.exec(summary.scheduleId);
    if (match && (orgId === undefined || match[1] === orgId)) ids.add(summary.scheduleId);
  }
  return ids;
}
