import { withEntityTables } from '../harness/entity-tables';
import { sql } from 'kysely';
import { pollUntil } from '../../devstack/poll';
import { compareWithTruth, summarise } from '../harness/compare-with-truth';
import { createEngineStack, type EngineStack, type RunningWorkers } from '../harness/engine-stack';
import { runSync, startSync } from '../harness/run-sync';

describe('reconciliation', () => {
  let stack: EngineStack;
  let workers: RunningWorkers;

  /** A fresh sandbox org, connected and fully synced; returns both ids. */
  async function syncedOrg(id: string, records = 3_000) {
    const org = await stack.sandbox.admin.createOrg({
      id,
      connector: 'hr',
      records,
      seed: 5,
      pagination: 'page',
    });
    const orgId = await stack.connect(org);
    expect((await runSync(stack, 'full', { orgId })).status).toBe('succeeded');
    return { orgId, sandboxOrgId: org.id };
  }

  const liveRows = async (orgId: string) =>
    (
      await sql<{
        n: number;
      }>`select count(*)::int as n from hr_people where org_id = ${orgId} and deleted_at is null`.execute(
        stack.testDb.db,
      )
    ).rows[0]!.n;

  /** How many ids the org's running reconciliation has listed so far. */
  const idsListed = async (orgId: string) => {
    const cursor = await stack.testDb.db
      .selectFrom('sync_cursors')
      .select('cursor')
      .where('org_id', '=', orgId)
      .where('kind', '=', 'reconcile')
      .executeTakeFirst();
    return (cursor?.cursor as { listed?: number } | undefined)?.listed ?? 0;
  };

  const peopleIds = async (sandboxOrgId: string) => {
    const ids: string[] = [];
    for await (const entry of stack.sandbox.admin.truthIds(sandboxOrgId, 'people')) ids.push(entry.id);
    return ids;
  };

  beforeAll(async () => {
    stack = await createEngineStack({ seed: 5 });
    workers = await stack.startWorkers();
  });

  afterAll(async () => {
    await workers?.stop();
    await stack?.teardown();
  });

  it('makes the database exact after a random mutation stream, with no delta in between', async () => {
    const { orgId, sandboxOrgId } = await syncedOrg('random-stream');
    for (let round = 0; round < 5; round++) {
      await stack.sandbox.admin.mutate(sandboxOrgId, {
        creates: 20,
        updates: 60,
        deletes: 8,
        recreates: 3,
        late: 5,
      });
    }
    const outcome = await runSync(stack, 'reconcile', { orgId });
    expect(outcome.status).toBe('succeeded');
    expect(summarise(await compareWithTruth(stack, orgId, sandboxOrgId))).toEqual([]);
    const people = outcome.progress.entities.people!;
    expect(people.upserted).toBeGreaterThan(0);
    expect(people.deleted).toBeGreaterThan(0);
  });

  it('deletes nothing when the ID listing fails midway', async () => {
    const { orgId, sandboxOrgId } = await syncedOrg('failing-listing', 8_000);
    const ids = await peopleIds(sandboxOrgId);
    await stack.sandbox.admin.mutate(sandboxOrgId, { entity: 'people', deleteIds: ids.slice(0, 20) });
    const live = await liveRows(orgId);
    // Slow pages, then an API that only fails once the listing is under way.
    await stack.sandbox.admin.patchOrg(sandboxOrgId, { faults: { rateSlow: 1, slowMs: 100 } });
    const run = await startSync(stack, 'reconcile', { orgId, entities: ['people'] });
    await pollUntil(async () => (await idsListed(orgId)) >= 1_000, {
      description: 'the listing to be under way',
      timeoutMs: 30_000,
      intervalMs: 20,
    });
    await stack.sandbox.admin.patchOrg(sandboxOrgId, { faults: { rateSlow: 0, rate5xx: 1 } });
    // Let it fail and retry for a while, then give up on the run.
    await pollUntil(
      async () => (await stack.sandbox.admin.stats()).orgs[sandboxOrgId]!.faults.server_error >= 8,
      {
        description: 'the listing to fail repeatedly',
        timeoutMs: 60_000,
      },
    );
    await stack.client.workflow.getHandle(run.workflowId).terminate('test: the listing never completes');
    expect(await liveRows(orgId)).toBe(live);
    await stack.sandbox.admin.patchOrg(sandboxOrgId, { faults: { rate5xx: 0 } });

    // A later complete run does delete them.
    expect((await runSync(stack, 'reconcile', { orgId })).status).toBe('succeeded');
    expect(await liveRows(orgId)).toBe(live - 20);
  });

  it('holds a deletion of 30% of people, then applies it on approval', async () => {
    const { orgId, sandboxOrgId } = await syncedOrg('mass-deletion');
    const ids = await peopleIds(sandboxOrgId);
    const doomed = ids.filter((_, index) => index % 10 < 3);
    await stack.sandbox.admin.mutate(sandboxOrgId, { entity: 'people', deleteIds: doomed });
    const live = await liveRows(orgId);

    const held = await runSync(stack, 'reconcile', { orgId });
    expect(held.status).toBe('held');
    expect(held.progress.entities.people).toMatchObject({ phase: 'held', deleted: 0 });
    expect(held.progress.entities.people!.note).toBe(`would delete ${doomed.length} of ${live} live rows`);
    expect(await liveRows(orgId)).toBe(live);
    const run = await stack.testDb.db
      .selectFrom('sync_runs')
      .select(['status', 'error'])
      .where('org_id', '=', orgId)
      .where('kind', '=', 'reconcile')
      .where('entity', '=', 'people')
      .executeTakeFirstOrThrow();
    expect(run).toEqual({
      status: 'held',
      error: `held: would delete ${doomed.length} of ${live} live rows`,
    });

    const approved = await runSync(stack, 'reconcile', { orgId, approveDeletions: true });
    expect(approved.status).toBe('succeeded');
    expect(approved.progress.entities.people!.deleted).toBe(doomed.length);
    expect(summarise(await compareWithTruth(stack, orgId, sandboxOrgId))).toEqual([]);
  });

  it('keeps the last completed listing until the next run completes; a held run keeps the previous one', async () => {
    const { orgId, sandboxOrgId } = await syncedOrg('kept-listing');
    const kept = async () =>
      (
        await stack.testDb.db
          .selectFrom('reconcile_completed_listings')
          .select(['entity', 'sync_id'])
          .where('org_id', '=', orgId)
          .orderBy('entity')
          .execute()
      ).map((row) => `${row.entity} ${row.sync_id}`);
    const listingsOf = async (entity: string) =>
      await sql<{ sync_id: string; n: number }>`
        select sync_id, count(*)::int as n from reconcile_listings
        where org_id = ${orgId} and entity = ${entity} group by sync_id`
        .execute(stack.testDb.db)
        .then((result) => result.rows);

    const first = await runSync(stack, 'reconcile', { orgId });
    expect(first.status).toBe('succeeded');
    const firstKept = await kept();
    expect(firstKept).toHaveLength(4);
    const [firstSyncId] = firstKept.map((line) => line.split(' ')[1]);
    expect(await listingsOf('people')).toEqual([{ sync_id: firstSyncId, n: await liveRows(orgId) }]);

    expect((await runSync(stack, 'reconcile', { orgId })).status).toBe('succeeded');
    const secondKept = await kept();
    const [secondSyncId] = secondKept.map((line) => line.split(' ')[1]);
    expect(secondSyncId).not.toBe(firstSyncId);
    expect((await listingsOf('people')).map((row) => row.sync_id)).toEqual([secondSyncId]);

    const ids = await peopleIds(sandboxOrgId);
    await stack.sandbox.admin.mutate(sandboxOrgId, {
      entity: 'people',
      deleteIds: ids.filter((_, index) => index % 10 < 3),
    });
    expect((await runSync(stack, 'reconcile', { orgId })).status).toBe('held');
    // People keep the listing their last applied decision read; the other entities completed.
    const afterHeld = await kept();
    expect(afterHeld.filter((line) => line.startsWith('people '))).toEqual([`people ${secondSyncId}`]);
    expect(afterHeld.filter((line) => line.endsWith(` ${secondSyncId}`))).toHaveLength(1);
    expect((await listingsOf('people')).map((row) => row.sync_id)).toEqual([secondSyncId]);
  });

  it('keeps a record the source re-creates (and a sync stores) after the listing passed its id', async () => {
    const { orgId, sandboxOrgId } = await syncedOrg('recreated-during-listing', 6_000);
    const [victim] = await peopleIds(sandboxOrgId);
    await stack.sandbox.admin.mutate(sandboxOrgId, { entity: 'people', deleteIds: [victim!] });
    await stack.sandbox.admin.patchOrg(sandboxOrgId, { faults: { rateSlow: 1, slowMs: 100 } });
    const run = await startSync(stack, 'reconcile', { orgId, entities: ['people'] });
    // Once the listing is past the victim's id (the first id), hold it there: the API fails.
    await pollUntil(async () => (await idsListed(orgId)) >= 500, {
      description: 'the listing to pass the first page',
      timeoutMs: 30_000,
      intervalMs: 10,
    });
    await stack.sandbox.admin.patchOrg(sandboxOrgId, { faults: { rateSlow: 0, rate5xx: 1 } });
    // Meanwhile the source re-creates it and another sync (a webhook, a delta) stores that version.
    const { recreated } = await stack.sandbox.admin.mutate(sandboxOrgId, { entity: 'people', recreates: 1 });
    expect(recreated).toEqual([victim]);
    let sourceUpdatedAt: string | undefined;
    // `break` closes the streamed listing; an iterator left open would keep the sandbox from stopping.
    for await (const entry of stack.sandbox.admin.truthIds(sandboxOrgId, 'people')) {
      if (entry.id !== victim) continue;
      sourceUpdatedAt = entry.updated_at;
      break;
    }
    expect(sourceUpdatedAt).toBeDefined();
    await sql`update hr_people set source_updated_at = ${sourceUpdatedAt!}, last_synced_at = now()
              where org_id = ${orgId} and external_id = ${victim!}`.execute(stack.testDb.db);
    await stack.sandbox.admin.patchOrg(sandboxOrgId, { faults: { rate5xx: 0 } });

    const outcome = await run.result();
    expect(outcome.status).toBe('succeeded');
    expect(outcome.progress.entities.people!.deleted).toBe(0);
    const row = await withEntityTables(stack.testDb.db)
      .selectFrom('hr_people')
      .select('deleted_at')
      .where('org_id', '=', orgId)
      .where('external_id', '=', victim!)
      .executeTakeFirstOrThrow();
    expect(row.deleted_at).toBeNull();
  });

  it('ends the quarantine of a malformed record once the source deletes it', async () => {
    const { orgId, sandboxOrgId } = await syncedOrg('quarantined-then-deleted');
    const { corrupted } = await stack.sandbox.admin.corrupt(sandboxOrgId, { entity: 'people', count: 1 });
    const unresolved = () =>
      stack.testDb.db
        .selectFrom('quarantine')
        .select('external_id')
        .where('org_id', '=', orgId)
        .where('resolved_at', 'is', null)
        .execute();
    expect((await runSync(stack, 'delta', { orgId })).status).toBe('succeeded');
    expect(await unresolved()).toEqual([{ external_id: corrupted[0] }]);

    await stack.sandbox.admin.mutate(sandboxOrgId, { entity: 'people', deleteIds: corrupted });
    const outcome = await runSync(stack, 'reconcile', { orgId });
    expect(outcome.progress.entities.people!.deleted).toBe(1);
    expect(await unresolved()).toEqual([]);
  });

  it('revives a deleted id that the source re-creates', async () => {
    const { orgId, sandboxOrgId } = await syncedOrg('recreated');
    const [victim] = await peopleIds(sandboxOrgId);
    await stack.sandbox.admin.mutate(sandboxOrgId, { entity: 'people', deleteIds: [victim!] });
    expect((await runSync(stack, 'reconcile', { orgId })).progress.entities.people!.deleted).toBe(1);
    const row = () =>
      withEntityTables(stack.testDb.db)
        .selectFrom('hr_people')
        .select(['deleted_at'])
        .where('org_id', '=', orgId)
        .where('external_id', '=', victim!)
        .executeTakeFirstOrThrow();
    expect((await row()).deleted_at).not.toBeNull();

    const { recreated } = await stack.sandbox.admin.mutate(sandboxOrgId, { entity: 'people', recreates: 1 });
    expect(recreated).toEqual([victim]);
    const revived = await runSync(stack, 'reconcile', { orgId });
    expect(revived.progress.entities.people!.revived).toBe(1);
    expect((await row()).deleted_at).toBeNull();
    expect(summarise(await compareWithTruth(stack, orgId, sandboxOrgId))).toEqual([]);
  });
});
