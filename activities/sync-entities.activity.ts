import { finishRun, type RunKey } from '../db/repositories/sync-runs.repository';
import type { ActivityDeps } from './activity-deps';
import { callingWorkflow } from './calling-workflow';
import { type EntitySliceOutcome, syncEntityDelta, syncEntityFully } from './entity-syncs';
import type { OrgContextCache } from './org-context';

export interface SyncEntitiesInput {
  readonly orgId: string;
  readonly kind: 'full' | 'delta';
  readonly syncId: string;
  /** Entities to work through, in this order (dependency order). */
  readonly entities: readonly string[];
  /** A shorter slice than the worker's (a delta's first slice, run as a local activity). */
  readonly sliceMs?: number;
}

export interface SyncEntitiesResult {
  readonly outcomes: readonly (Omit<EntitySliceOutcome, 'runFinished'> & { readonly entity: string })[];
  /** Entities not finished when the slice ended, first the one in progress; empty when all are done. */
  readonly remaining: readonly string[];
}

/**
 * Works through entities one after the other, page by page, for at most one slice of time.
 * Returns counts and cursors only (never records), so the workflow history stays small and free
 * of personal data; the workflow calls again with what remains.
 */
export function createSyncEntitiesActivity(deps: ActivityDeps, orgs: OrgContextCache) {
  return async function syncEntities(input: SyncEntitiesInput): Promise<SyncEntitiesResult> {
    const context = await orgs.get(input.orgId);
    const { workflowId } = callingWorkflow();
    const deadline = Date.now() + Math.min(input.sliceMs ?? deps.settings.sliceMs, deps.settings.sliceMs);
    const outcomes: (Omit<EntitySliceOutcome, 'runFinished'> & { entity: string })[] = [];
    for (const [index, name] of input.entities.entries()) {
      const entity = context.connector.entity(name);
      const run: RunKey = {
        workflowId,
        syncId: input.syncId,
        orgId: input.orgId,
        kind: input.kind,
        entity: name,
      };
      const request = { deps, context, entity, syncId: input.syncId, run, deadline };
      const { runFinished, ...outcome } =
        input.kind === 'full' ? await syncEntityFully(request) : await syncEntityDelta(request);
      outcomes.push({ entity: name, ...outcome });
      if (!outcome.complete) return { outcomes, remaining: input.entities.slice(index) };
      if (!runFinished) {
        await finishRun(deps.db, run, {
          status: outcome.skipped ? 'skipped' : 'succeeded',
          error: outcome.skipped ?? undefined,
        });
      }
      if (Date.now() >= deadline) return { outcomes, remaining: input.entities.slice(index + 1) };
    }
    return { outcomes, remaining: [] };
  };
}
