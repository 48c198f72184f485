import { sql } from 'kysely';
import { verifyOutput } from '../../client/cli/output-schemas';
import type { OperationsContext } from '../../client/operations/operations-context';
import { verifyOrganization } from '../../client/operations/verify/verify-organization';
import { pollUntil } from '../../devstack/poll';
import { runCli } from '../harness/cli';
import {
  createEngineStack,
  type EngineStack,
  type RunningWorkers,
  TEST_ENGINE_SETTINGS,
} from '../harness/engine-stack';
import { runSync } from '../harness/run-sync';

/**
 * `verify` calls drift only what the engine should have by its own rules, under the sandbox's
 * background mutation stream (the one `sync-engine dev` runs: creates, updates, deletions without
 * webhooks, re-creations, late-visible writes, tie bursts), here at a faster pace.
 */
describe('verify: drift is a failure of the engine, not a change it cannot have seen yet', () => {
  const SANDBOX_ORG = 'verify-stream';
  let stack: EngineStack;
  let workers: RunningWorkers;
  let orgId: string;
  let context: OperationsContext;

  const verify = (options: { deep?: boolean } = {}) =>
    verifyOrganization(context, orgId, { lookbackMs: TEST_ENGINE_SETTINGS.lookbackMs, ...options });
  const mutations = async () => (await stack.sandbox.admin.stats()).orgs[SANDBOX_ORG]!.mutations;
  /** Waits until the stream has made at least this many more changes of each kind. */
  const streamMakes = async (more: { deleted: number; late: number; created: number }) => {
    const before = await mutations();
    await pollUntil(
      async () => {
        const now = await mutations();
        return (['deleted', 'late', 'created'] as const).every(
          (kind) => now[kind] - before[kind] >= more[kind],
        );
      },
      { description: 'the mutation stream to delete, create and write late', timeoutMs: 60_000 },
    );
  };
  const succeeds = async (kind: 'full' | 'delta' | 'reconcile') =>
    expect((await runSync(stack, kind, { orgId })).status).toBe('succeeded');
  const entityOf = (report: Awaited<ReturnType<typeof verify>>, name: string) =>
    report.entities.find((entity) => entity.entity === name)!;

  beforeAll(async () => {
    stack = await createEngineStack({
      seed: 12,
      orgs: [{ id: SANDBOX_ORG, connector: 'hr', records: 3_000, pagination: 'cursor' }],
    });
    workers = await stack.startWorkers();
    orgId = await stack.connect(stack.sandbox.orgs[0]!);
    context = {
      db: stack.testDb.db,
      temporal: stack.client,
      taskQueue: stack.taskQueue,
      namespace: 'default',
      cipher: stack.cipher,
      close: () => Promise.resolve(),
    };
  });

  afterAll(async () => {
    await workers?.stop();
    await stack?.teardown();
  });

  it('reports the mutation stream between reconciliations as pending, never drift (exit 0)', async () => {
    await succeeds('full');
    await succeeds('reconcile');
    expect(await verify()).toMatchObject({ drift: 0, pending: 0 });

    await stack.sandbox.admin.patchOrg(SANDBOX_ORG, { mutations: { perMinute: 1_200 } });
    await streamMakes({ deleted: 10, late: 10, created: 10 });
    await succeeds('delta');
    // After the delta began: more deletions of rows the reconciliation left untouched (their
    // last_synced_at is older than its start), and writes whose updated_at is older than the
    // delta's start although they became visible only after it.
    await streamMakes({ deleted: 5, late: 5, created: 5 });
    await stack.sandbox.admin.mutate(SANDBOX_ORG, { late: 10, lateMs: 120_000 });

    const report = await verify({ deep: true });
    expect(report.drift).toBe(0);
    const extra = report.entities.reduce((sum, e) => sum + e.extra.pending, 0);
    const unseen = report.entities.reduce((sum, e) => sum + e.stale.pending + e.missing.pending, 0);
    expect(extra).toBeGreaterThan(0);
    expect(unseen).toBeGreaterThan(0);
    // The CLI reads the same look-back (DELTA_LOOKBACK_SECONDS, default 300 s) as the workers.
    const cli = await runCli(stack, ['verify', '--org', orgId, '--json']);
    expect(cli).toMatchObject({ code: 0 });
    expect(verifyOutput.parse(JSON.parse(cli.stdout)).drift).toBe(0);

    // A second reconciliation under the stream replaces the kept listing; the stream goes on.
    await succeeds('reconcile');
    await streamMakes({ deleted: 5, late: 5, created: 5 });
    await succeeds('delta');
    await streamMakes({ deleted: 3, late: 3, created: 3 });
    expect((await verify({ deep: true })).drift).toBe(0);
    const listings = await stack.testDb.db
      .selectFrom('reconcile_listings')
      .select('sync_id')
      .distinct()
      .where('org_id', '=', orgId)
      .execute();
    expect(listings).toHaveLength(1);
  });

  it("still calls a row changed behind the engine's back drift, and exits 1", async () => {
    await stack.sandbox.admin.patchOrg(SANDBOX_ORG, { mutations: { perMinute: 0 } });
    // Records the stream never touched: their source version is long older than any sync.
    const untouched: string[] = [];
    for await (const entry of stack.sandbox.admin.truthIds(SANDBOX_ORG, 'people')) {
      if (Date.parse(entry.updated_at) < Date.parse('2025-06-01')) untouched.push(entry.id);
      if (untouched.length === 4) break;
    }
    const [gone, older, newer, undeleted] = untouched as [string, string, string, string];
    // One the source deletes, which the next reconciliation then deletes here.
    await stack.sandbox.admin.mutate(SANDBOX_ORG, { entity: 'people', deleteIds: [undeleted] });
    await succeeds('reconcile');
    expect((await verify()).drift).toBe(0);

    const db = stack.testDb.db;
    await sql`delete from hr_people where org_id = ${orgId} and external_id = ${gone}`.execute(db);
    await sql`update hr_people set source_updated_at = source_updated_at - interval '1 day'
              where org_id = ${orgId} and external_id = ${older}`.execute(db);
    await sql`update hr_people set source_updated_at = source_updated_at + interval '1 day'
              where org_id = ${orgId} and external_id = ${newer}`.execute(db);
    await sql`update hr_people set deleted_at = null where org_id = ${orgId} and external_id = ${undeleted}`.execute(
      db,
    );

    const result = await runCli(stack, ['verify', '--org', orgId, '--json']);
    expect(result.code).toBe(1);
    const report = verifyOutput.parse(JSON.parse(result.stdout));
    const people = entityOf(report, 'people');
    expect(people.missing).toMatchObject({ drift: 1, samples: [gone] });
    expect(people.stale).toMatchObject({ drift: 2, samples: [older, newer].sort() });
    expect(people.extra).toMatchObject({ drift: 1, samples: [undeleted] });
    expect(report.drift).toBe(4);
  });
});
