import type { OperationsContext } from '../client/operations/operations-context';
import type { SandboxAdminClient } from '../sandbox';
import { startSync } from '../client/operations/start-sync';
import { scheduleId } from '../workflows/shared/workflow-ids';
import type { ChaosOrg } from './chaos-orgs';

export interface DriverTally {
  deltas: number;
  reconciles: number;
  scheduleTriggers: number;
  corruptions: number;
}

/**
 * Keeps syncs coming while the fleet is broken: deltas and reconciliations of every org in turn,
 * some as schedule triggers (so overlap and coalescing are exercised), and source corruptions.
 */
export class SyncDriver {
  readonly tally: DriverTally = { deltas: 0, reconciles: 0, scheduleTriggers: 0, corruptions: 0 };
  /** Ids made malformed at the source, per sandbox org. */
  readonly corrupted = new Map<string, Set<string>>();
  private deltaTurn = 0;
  private reconcileTurn = 0;

  constructor(
    private readonly context: OperationsContext,
    private readonly orgs: readonly ChaosOrg[],
  ) {}

  async nextDelta(): Promise<void> {
    const org = this.orgs[this.deltaTurn++ % this.orgs.length]!;
    if (this.deltaTurn % 5 === 0) {
      await this.context.temporal.schedule.getHandle(scheduleId(org.orgId, 'delta')).trigger();
      this.tally.scheduleTriggers += 1;
    } else {
      await startSync(this.context, 'delta', { orgId: org.orgId });
      this.tally.deltas += 1;
    }
  }

  async nextReconcile(): Promise<void> {
    const org = this.orgs[this.reconcileTurn++ % this.orgs.length]!;
    await startSync(this.context, 'reconcile', { orgId: org.orgId });
    this.tally.reconciles += 1;
  }

  async corrupt(admin: SandboxAdminClient, random: () => number): Promise<void> {
    const org = this.orgs[Math.floor(random() * this.orgs.length)]!;
    const entity = random() < 0.7 ? 'people' : 'departments';
    const { corrupted } = await admin.corrupt(org.sandbox.id, {
      entity,
      count: 1 + Math.floor(random() * 2),
    });
    const ids = this.corrupted.get(org.sandbox.id) ?? new Set<string>();
    for (const id of corrupted) ids.add(`${entity}/${id}`);
    this.corrupted.set(org.sandbox.id, ids);
    this.tally.corruptions += corrupted.length;
  }
}
