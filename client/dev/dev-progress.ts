import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { progressQuery } from '../../workflows/shared/messages';
import { syncWorkflowId } from '../../workflows/shared/workflow-ids';

const EVERY_MS = 5_000;

/**
 * Prints, every few seconds until `stop` settles, one line per demo org: its full sync's live
 * progress while it runs, then how many records its tables hold and what ran last.
 */
export async function watchDemoProgress(
  temporal: Client,
  db: Kysely<Database>,
  demoOrgs: readonly { readonly orgId: string }[],
  stop: Promise<unknown>,
): Promise<void> {
  let stopped = false;
  void stop.finally(() => (stopped = true));
  const lastLines = new Map<string, string>();
  while (!stopped) {
    for (const { orgId } of demoOrgs) {
      const line = await describeOrg(temporal, db, orgId).catch(
        (err: unknown) => `unavailable (${(err as Error).message})`,
      );
      if (lastLines.get(orgId) !== line) process.stdout.write(`${orgId}: ${line}\n`);
      lastLines.set(orgId, line);
    }
    await Promise.race([stop, new Promise((resolve) => setTimeout(resolve, EVERY_MS))]);
  }
}

async function describeOrg(temporal: Client, db: Kysely<Database>, orgId: string): Promise<string> {
  const full = temporal.workflow.getHandle(syncWorkflowId(orgId, 'full'));
  const description = await full.describe().catch(() => undefined);
  if (description?.status.name === 'RUNNING') {
    const progress = await full.query(progressQuery);
    const entities = Object.entries(progress.entities).map(([name, e]) => `${name} ${e.phase} ${e.upserted}`);
    return `full sync running: ${entities.join(', ')}`;
  }
  const last = await db
    .selectFrom('sync_runs')
    .select(['kind', 'status', 'finished_at'])
    .where('org_id', '=', orgId)
    .where('entity', 'is', null)
    .orderBy('started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last
    ? `last ${last.kind} sync ${last.status}${last.finished_at ? ` at ${last.finished_at.toISOString()}` : ''}`
    : 'waiting';
}
