import { sql } from 'kysely';
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
    // At most the page in flight per entity being synced when the worker died is fetched again.
    expect(listRequests - pages).toBeLessThanOrEqual(4);
  });
});
