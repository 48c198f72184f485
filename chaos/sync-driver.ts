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
  hotUpdates: number;
}

/** People per webhook org that change again and again. */
const HOT_RECORDS_PER_ORG = 3;

/**
 * Keeps syncs coming while the fleet is broken: deltas and reconciliations of every org in turn,
 * some as schedule triggers (so overlap and coalescing are exercised), and source corruptions.
 */
export class SyncDriver {
  readonly tally: DriverTally = {
    deltas: 0,
    reconciles: 0,
    scheduleTriggers: 0,
    corruptions: 0,
    hotUpdates: 0,
  };
  /** Hot people ids per webhook org (sandbox id), chosen at the start; dropped once deleted. */
  private readonly hot = new Map<string, string[]>();
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

  /** Picks the hot records: the first people of every org with webhooks on. */
  async chooseHotRecords(admin: SandboxAdminClient): Promise<void> {
    for (const org of this.orgs.filter((candidate) => candidate.webhooks)) {
      const ids: string[] = [];
      // `break` closes the streamed listing.
      for await (const entry of admin.truthIds(org.sandbox.id, 'people')) {
        ids.push(entry.id);
        if (ids.length === HOT_RECORDS_PER_ORG) break;
      }
      this.hot.set(org.sandbox.id, ids);
    }
  }

  /**
   * Updates one hot record: its webhook's record sync, deltas, and syncs frozen mid-write (stalls)
   * all write versions of it, in any order; only the monotonic guard keeps the newest.
   */
  async updateHotRecord(admin: SandboxAdminClient, random: () => number): Promise<void> {
    const candidates = [...this.hot].filter(([, ids]) => ids.length > 0);
    const [sandboxOrgId, ids] = candidates[Math.floor(random() * candidates.length)] ?? [];
    if (!sandboxOrgId || !ids) return;
    const id = ids[Math.floor(random() * ids.length)]!;
    try {
      await admin.mutate(sandboxOrgId, { entity: 'people', updateIds: [id] });
      this.tally.hotUpdates += 1;
    } catch (err) {
      // The mutation stream deleted it: it is not hot any more.
      if (err instanceof Error && err.message.includes('is not a live')) ids.splice(ids.indexOf(id), 1);
      else throw err;
    }
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
