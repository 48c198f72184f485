import { sql } from 'kysely';
import { classifyRecords } from '../../activities/classify-records';
import { syncRecordsById } from '../../activities/sync-records-by-id';
import { ApiNotFoundError } from '../../connectors/api-client/errors';
import { upsertEntityRows } from '../../db/entity-writes/upsert-entity-rows';
import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import pino from 'pino';
import { createActivities } from '../../activities';
import type { ActivityDeps } from '../../activities/activity-deps';
import { type EntitySyncRequest, syncEntityDelta } from '../../activities/entity-syncs';
import { OrgContextCache, type OrgContext } from '../../activities/org-context';
import type { DeltaCursor } from '../../activities/sync-cursors';
import type { ApiClient } from '../../connectors/api-client/types';
import { getConnector } from '../../connectors/registry';
import { CredentialsCipher } from '../../db/credentials-cipher';
import { readCursor } from '../../db/repositories/sync-cursors.repository';
import { releaseLease, tryAcquireLease } from '../../db/repositories/sync-leases.repository';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { compareWithTruth, summarise } from '../harness/compare-with-truth';
import { TEST_ENGINE_SETTINGS } from '../harness/engine-stack';
import { createTestDatabase, type TestDatabase } from '../harness/test-database';
import { createUnthrottledOrg } from '../harness/unthrottled-org';

const WORKFLOW_ID = 'delta-conflicts';

/** A client that does what `base` does, for tests to replace one method of. */
function delegateTo(base: ApiClient): ApiClient {
  return {
    listPage: (request) => base.listPage(request),
    paginate: (request) => base.paginate(request),
    getRecord: (path, id) => base.getRecord(path, id),
    listIds: (request) => base.listIds(request),
    paginateIds: (request) => base.paginateIds(request),
    close: () => base.close(),
  };
}

/** Runs `fn` as an activity runs (heartbeats need the context). */
function inActivity<R>(fn: () => Promise<R>, env = new MockActivityEnvironment()): Promise<R> {
  return env.run<[], R, () => Promise<R>>(fn);
}

/**
 * A delta slice whose cursor another attempt moved while it fetched: an attempt Temporal gave up
 * on that still ran (a frozen worker, a local activity whose workflow task timed out). The chaos
 * suite met both cases; here each is made to happen at a known point.
 */
describe('answers overtaken by other writers: a delta cursor another attempt moved, a 404 a newer write beat (real PostgreSQL, in-process sandbox)', () => {
  let testDb: TestDatabase;
  let sandbox: RunningSandbox;
  let deps: ActivityDeps;
  let contexts: OrgContextCache;
  const cipher = new CredentialsCipher(randomBytes(32));
  const people = getConnector('hr').entity('people');

  beforeAll(async () => {
    [testDb, sandbox] = await Promise.all([createTestDatabase(), startSandbox({ seed: 3 })]);
    deps = {
      db: testDb.db,
      cipher,
      temporal: {} as Client,
      logger: pino({ level: 'silent' }),
      settings: { ...TEST_ENGINE_SETTINGS, sliceMs: 60_000, inlineAttempts: 1, commitBatchRecords: 50 },
    };
    contexts = new OrgContextCache(deps);
  });

  afterAll(async () => {
    await contexts?.close();
    await sandbox?.stop();
    await testDb?.destroy();
  });

  /** An org, fully synced, with changes waiting for its next delta. */
  async function syncedOrgWithChanges(name: string): Promise<{ orgId: string; sandboxOrgId: string }> {
    const { orgId, sandboxOrgId } = await createUnthrottledOrg(testDb.db, cipher, sandbox, name, {
      id: name,
      connector: 'hr',
      records: 200,
      seed: 5,
    });
    const activities = createActivities(deps);
    try {
      const env = new MockActivityEnvironment({
        workflowExecution: { workflowId: `full-${name}`, runId: 'full-1' },
      });
      let remaining: readonly string[] = getConnector('hr').order;
      while (remaining.length > 0) {
        const input = { orgId, kind: 'full' as const, syncId: 'full-1', entities: remaining };
        remaining = (await inActivity(() => activities.syncEntities(input), env)).remaining;
      }
    } finally {
      await activities.close();
    }
    await sandbox.admin.mutate(sandboxOrgId, { updates: 120, creates: 10, entity: 'people' });
    return { orgId, sandboxOrgId };
  }

  /** A delta request of `people` whose first list call runs `meanwhile` before answering. */
  async function deltaRequest(
    orgId: string,
    syncId: string,
    meanwhile: () => Promise<void>,
  ): Promise<EntitySyncRequest> {
    const context = await contexts.get(orgId);
    const base = context.client;
    let first = true;
    const client: ApiClient = {
      ...delegateTo(base),
      listPage: async (request) => {
        if (first) {
          first = false;
          await meanwhile();
        }
        return base.listPage(request);
      },
    };
    const hooked: OrgContext = { ...context, client, blockRequestsFor: (ms) => context.blockRequestsFor(ms) };
    return {
      deps,
      context: hooked,
      entity: people,
      syncId,
      run: { workflowId: WORKFLOW_ID, syncId, orgId, kind: 'delta', entity: 'people' },
      deadline: Date.now() + 60_000,
    };
  }

  /** The other attempt: a delta of `syncId` run to its end, unhooked. */
  async function otherAttempt(orgId: string, syncId: string): Promise<void> {
    const request = await deltaRequest(orgId, syncId, () => Promise.resolve());
    await inActivity(() => syncEntityDelta(request));
  }

  it.each([
    ['finds its work done when a late attempt of the same sync completed the listing first', 'delta-1'],
    ['carries on, as the lease holder, after an earlier sync’s late attempt moved the cursor', 'delta-0'],
  ])('%s', async (_title, otherSyncId) => {
    const { orgId, sandboxOrgId } = await syncedOrgWithChanges(`other-${otherSyncId}`);
    await tryAcquireLease(testDb.db, orgId, 'delta', { workflowId: WORKFLOW_ID, runId: 'delta-1' });
    const request = await deltaRequest(orgId, 'delta-1', () => otherAttempt(orgId, otherSyncId));
    const outcome = await inActivity(() => syncEntityDelta(request));
    expect(outcome).toMatchObject({ complete: true });
    const { cursor } = await readCursor<DeltaCursor>(testDb.db, { orgId, entity: 'people', kind: 'delta' });
    expect(cursor).toMatchObject({ run: null, finishedBy: 'delta-1' });
    const people = summarise(await compareWithTruth({ testDb, sandbox }, orgId, sandboxOrgId)).filter(
      (d) => d.entity === 'people',
    );
    expect(people).toEqual([]);
    await releaseLease(testDb.db, orgId, 'delta', WORKFLOW_ID);
  });

  it('stops, as Superseded, when a newer sync holds the lease and moved the cursor', async () => {
    const { orgId } = await syncedOrgWithChanges('newer-sync');
    await tryAcquireLease(testDb.db, orgId, 'delta', { workflowId: WORKFLOW_ID, runId: 'delta-2' });
    const request = await deltaRequest(orgId, 'delta-1', () => otherAttempt(orgId, 'delta-2'));
    await expect(inActivity(() => syncEntityDelta(request))).rejects.toMatchObject({
      type: 'Superseded',
      nonRetryable: true,
    });
    const { cursor } = await readCursor<DeltaCursor>(testDb.db, { orgId, entity: 'people', kind: 'delta' });
    expect(cursor).toMatchObject({ run: null, finishedBy: 'delta-2' });
    await releaseLease(testDb.db, orgId, 'delta', WORKFLOW_ID);
  });

  /** A person's row as `version` of it, written as any sync writes it. */
  async function writePerson(orgId: string, record: Record<string, unknown>): Promise<void> {
    const { valid } = classifyRecords(people, [record]);
    await testDb.db
      .transaction()
      .execute((trx) => upsertEntityRows(trx, { orgId, entity: people, records: valid }));
  }

  it.each([
    ['keeps a row that a newer write revived while the 404 was on its way', true],
    ['soft-deletes a row nobody wrote since the 404 was asked for', false],
  ])('a record sync answered 404: %s', async (_title, writtenMeanwhile) => {
    const { orgId } = await syncedOrgWithChanges(`gone-${String(writtenMeanwhile)}`);
    const context = await contexts.get(orgId);
    const [id] = (
      await testDb.db
        .withTables<{ hr_people: { org_id: string; external_id: string } }>()
        .selectFrom('hr_people')
        .select('external_id')
        .where('org_id', '=', orgId)
        .limit(1)
        .execute()
    ).map((row) => row.external_id);
    const current = (await context.client.getRecord(people.paths.get, id!)) as Record<string, unknown>;
    const answered404: OrgContext = {
      ...context,
      client: {
        ...delegateTo(context.client),
        getRecord: async (path) => {
          // Meanwhile a webhook sync stored a newer version (the record was re-created).
          const newer = { ...current, updated_at: new Date(Date.now() + 60_000).toISOString() };
          if (writtenMeanwhile) await writePerson(orgId, newer);
          throw new ApiNotFoundError(`GET ${path}: not found`, 404, `GET ${path}`);
        },
      },
      blockRequestsFor: (ms) => context.blockRequestsFor(ms),
    };
    const run = {
      workflowId: 'record-gone',
      syncId: 'record-1',
      orgId,
      kind: 'record' as const,
      entity: 'people',
    };
    const result = await inActivity(() => syncRecordsById(deps, answered404, people, [id!], run));
    expect(result).toMatchObject({ committed: true, counts: { deleted: writtenMeanwhile ? 0 : 1 } });
    const { rows } = await sql<{ deleted_at: Date | null }>`
      select deleted_at from hr_people where org_id = ${orgId} and external_id = ${id!}`.execute(testDb.db);
    expect(rows[0]!.deleted_at === null).toBe(writtenMeanwhile);
  });
});
