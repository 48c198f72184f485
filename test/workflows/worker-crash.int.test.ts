import { sql } from 'kysely';
import { getConnector } from '../../connectors/registry';
import { pollUntil } from '../../devstack/poll';
import { compareWithTruth, summarise } from '../harness/compare-with-truth';
import { createEngineStack, type EngineStack } from '../harness/engine-stack';
import { startSync } from '../harness/run-sync';
import { startWorkerProcess, type WorkerProcess } from '../harness/worker-process';

describe('a worker killed in the middle of a full sync', () => {
  let stack: EngineStack;
  let first: WorkerProcess | undefined;
  let second: WorkerProcess | undefined;

  beforeAll(async () => {
    stack = await createEngineStack({ seed: 31, orgs: [{ id: 'big', connector: 'hr', records: 50_000 }] });
  });

  afterAll(async () => {
    await Promise.all([first?.kill('SIGKILL'), second?.kill('SIGKILL')]);
    await stack?.teardown();
  });

  it('is finished by another worker: the database equals the source, with no duplicates', async () => {
    const orgId = await stack.connect(stack.sandbox.orgs[0]!);
    first = startWorkerProcess(stack);
    const run = await startSync(stack, 'full', { orgId });
    const committedPages = async () =>
      (
        await sql<{ pages: number }>`
          select coalesce(sum((cursor->>'pages')::int), 0)::int as pages
          from sync_cursors where org_id = ${orgId} and kind = 'full'`.execute(stack.testDb.db)
      ).rows[0]!.pages;
    // Kill it once people (the second-largest entity) is under way.
    await pollUntil(
      async () => {
        if (first!.child.exitCode !== null) throw new Error(`worker exited early:\n${first!.output()}`);
        return (await committedPages()) >= 20;
      },
      { description: 'the first worker to commit 20 pages', timeoutMs: 60_000, intervalMs: 50 },
    );
    await first.kill('SIGKILL');
    second = startWorkerProcess(stack);

    const outcome = await run.result();
    expect(outcome.status).toBe('succeeded');
    expect(summarise(await compareWithTruth(stack, orgId, 'big'))).toEqual([]);
    for (const table of ['hr_locations', 'hr_departments', 'hr_people', 'hr_time_off_requests']) {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from (
          select external_id from ${sql.table(table)} where org_id = ${orgId} group by external_id having count(*) > 1) d`.execute(
        stack.testDb.db,
      );
      expect(rows[0]!.n).toBe(0);
    }
    const requests = (await stack.sandbox.admin.stats()).orgs.big!.requests;
    const listRequests = Object.values(requests).reduce((sum, n) => sum + n, 0);
    const pages = await committedPages();
    process.stderr.write(
      `worker-crash: ${listRequests} pages fetched, ${pages} committed, ${listRequests - pages} fetched twice\n`,
    );
    // At most the pages in flight when the worker died are fetched again: two overlapping batches
    // being committed and one batch read ahead, of SYNC_COMMIT_BATCH_RECORDS (default 2,000) each.
    const pagesPerBatch = 2_000 / getConnector('hr').definition.pageSize;
    expect(listRequests - pages).toBeLessThanOrEqual(3 * pagesPerBatch);
  });
});

describe('a worker stopped with SIGTERM in the middle of a full sync', () => {
  let stack: EngineStack;
  let first: WorkerProcess | undefined;
  let second: WorkerProcess | undefined;

  beforeAll(async () => {
    stack = await createEngineStack({
      seed: 32,
      orgs: [{ id: 'drained', connector: 'hr', records: 20_000 }],
    });
  });

  afterAll(async () => {
    await Promise.all([first?.kill('SIGKILL'), second?.kill('SIGKILL')]);
    await stack?.teardown();
  });

  it('lets its running activity finish its slice, exits 0, and the sync goes on elsewhere without a timeout', async () => {
    const orgId = await stack.connect(stack.sandbox.orgs[0]!);
    await stack.sandbox.admin.patchOrg('drained', { faults: { rateSlow: 1, slowMs: 50 } });
    first = startWorkerProcess(stack, { WORKER_SHUTDOWN_GRACE_SECONDS: '20', SYNC_SLICE_SECONDS: '3' });
    const run = await startSync(stack, 'full', { orgId });
    await pollUntil(
      async () => {
        if (first!.child.exitCode !== null) throw new Error(`worker exited early:\n${first!.output()}`);
        const { rows } = await sql<{ pages: number }>`
          select coalesce(sum((cursor->>'pages')::int), 0)::int as pages
          from sync_cursors where org_id = ${orgId} and kind = 'full'`.execute(stack.testDb.db);
        return rows[0]!.pages >= 5;
      },
      { description: 'the worker to be paging', timeoutMs: 60_000, intervalMs: 50 },
    );
    expect(await first.kill('SIGTERM')).toBe(0);
    await stack.sandbox.admin.patchOrg('drained', { faults: { rateSlow: 0 } });
    second = startWorkerProcess(stack);
    expect((await run.result()).status).toBe('succeeded');
    const history = await stack.client.workflow.getHandle(run.workflowId).fetchHistory();
    const timedOut = (history.events ?? []).filter((event) => event.activityTaskTimedOutEventAttributes);
    expect(timedOut).toEqual([]);
    expect(summarise(await compareWithTruth(stack, orgId, 'drained'))).toEqual([]);
  });
});
