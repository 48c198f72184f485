import { type Client, ScheduleNotFoundError } from '@temporalio/client';
import { scheduleId } from '../workflows/shared/workflow-ids';

export interface ScheduleState {
  readonly scheduleId: string;
  readonly orgId: string;
  readonly kind: 'delta' | 'reconcile';
  readonly paused: boolean;
  readonly note: string | null;
  readonly nextRunAt: string | null;
  readonly lastRunAt: string | null;
}

/** The state of an org's two schedules (those that exist). */
export async function orgScheduleStates(client: Client, orgId: string): Promise<ScheduleState[]> {
  const states: ScheduleState[] = [];
  for (const kind of ['delta', 'reconcile'] as const) {
    const id = scheduleId(orgId, kind);
    try {
      const description = await client.schedule.getHandle(id).describe();
      const lastAction = description.info.recentActions.at(-1);
      states.push({
        scheduleId: id,
        orgId,
        kind,
        paused: description.state.paused,
        note: description.state.note ?? null,
        nextRunAt: description.info.nextActionTimes[0]?.toISOString() ?? null,
        lastRunAt: lastAction?.takenAt.toISOString() ?? null,
      });
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    }
  }
  return states;
}

/** Pauses, resumes or triggers one or both schedules of an org; returns the ids it acted on. */
export async function actOnOrgSchedules(
  client: Client,
  orgId: string,
  action: 'pause' | 'resume' | 'trigger',
  kinds: readonly ('delta' | 'reconcile')[],
  note?: string,
): Promise<string[]> {
  const ids: string[] = [];
  for (const kind of kinds) {
    const handle = client.schedule.getHandle(scheduleId(orgId, kind));
    // A trigger while a run is in progress is buffered by the overlap policy: never a second run at once.
    if (action === 'pause') await handle.pause(note ?? 'paused with sync-engine schedules pause');
    else if (action === 'resume') await handle.unpause(note ?? 'resumed with sync-engine schedules resume');
    else await handle.trigger();
    ids.push(handle.scheduleId);
  }
  return ids;
}
