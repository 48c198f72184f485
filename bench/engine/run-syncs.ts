import { startSync, type SyncKindToStart } from '../../client/operations/start-sync';
import type { SyncOutcome } from '../../workflows/shared/sync-inputs';
import { BenchCheckError } from '../errors';
import type { BenchStack } from '../stack/bench-stack';
import { mapLimit } from '../util/map-limit';
import { secondsSince } from '../util/stats';

/** Starts issued at once: Temporal's frontend takes them faster than one by one, without a flood. */
const START_CONCURRENCY = 32;
/** Results awaited at once (each is a long poll on the server). */
const WAIT_CONCURRENCY = 256;

export interface CompletedSync {
  readonly orgId: string;
  readonly workflowId: string;
  /** The first run of the chain (continue-as-new follows from it). */
  readonly runId: string;
  readonly outcome: SyncOutcome;
}

export interface SyncBatch {
  /** From the first start to the last completion. */
  readonly seconds: number;
  readonly syncs: readonly CompletedSync[];
}

/**
 * Runs one sync of `kind` for every org, all at once (as schedules would trigger them), through the
 * operator's `startSync`, and waits for every one to succeed.
 */
export async function runSyncs(
  stack: BenchStack,
  kind: SyncKindToStart,
  orgIds: readonly string[],
): Promise<SyncBatch> {
  const started = performance.now();
  const handles = await mapLimit(orgIds, START_CONCURRENCY, async (orgId) => {
    const sync = await startSync(stack.operations, kind, { orgId });
    if (sync.coalesced) throw new BenchCheckError(`a ${kind} sync was already running`, orgId);
    return { orgId, ...sync };
  });
  const syncs = await mapLimit(handles, WAIT_CONCURRENCY, async (handle) => {
    const outcome = (await stack.temporal.workflow
      .getHandle(handle.workflowId, handle.runId)
      .result()) as SyncOutcome;
    if (outcome.status !== 'succeeded')
      throw new BenchCheckError(`the ${kind} sync ended ${outcome.status}`, handle.workflowId);
    return { orgId: handle.orgId, workflowId: handle.workflowId, runId: handle.runId, outcome };
  });
  return { seconds: secondsSince(started), syncs };
}

/** Records one sync fetched from the API, over every entity. */
export function fetchedRecords(sync: CompletedSync): number {
  return Object.values(sync.outcome.progress.entities).reduce((sum, entity) => sum + entity.fetched, 0);
}
