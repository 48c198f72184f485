import { compareWithTruth, summarise } from '../harness/compare-with-truth';
import { createEngineStack, type EngineStack, type RunningWorkers } from '../harness/engine-stack';
import { applySourceStep, randomStream } from '../harness/random-stream';
import { runSync } from '../harness/run-sync';

/** `SEED=7 npm run test:integration -- test/workflows/randomized-streams` replays one stream. */
const SEEDS = process.env.SEED === undefined ? [1, 2, 3, 4, 5, 6] : [Number(process.env.SEED)];

describe('randomized mutation streams through Temporal', () => {
  let stack: EngineStack;
  let workers: RunningWorkers;

  beforeAll(async () => {
    stack = await createEngineStack({ seed: 1 });
    workers = await stack.startWorkers();
  });

  afterAll(async () => {
    await workers?.stop();
    await stack?.teardown();
  });

  it.each(SEEDS)('stream %i: workflows leave the database equal to the source', async (seed) => {
    const sandboxOrg = await stack.sandbox.admin.createOrg({
      id: `wf${seed}`,
      connector: 'hr',
      records: 400,
      seed,
      pagination: (['cursor', 'page', 'link'] as const)[seed % 3],
    });
    const orgId = await stack.connect(sandboxOrg);
    expect((await runSync(stack, 'full', { orgId })).status).toBe('succeeded');
    for (const step of randomStream(seed, 8)) {
      if (await applySourceStep(stack.sandbox.admin, sandboxOrg.id, step)) continue;
      const kind = step.kind === 'reconcile' ? 'reconcile' : 'delta';
      expect((await runSync(stack, kind, { orgId })).status).toBe('succeeded');
    }
    await stack.sandbox.admin.fix(sandboxOrg.id);
    expect((await runSync(stack, 'delta', { orgId })).status).toBe('succeeded');
    expect((await runSync(stack, 'reconcile', { orgId })).status).toBe('succeeded');
    const differences = summarise(await compareWithTruth(stack, orgId, sandboxOrg.id));
    if (differences.length > 0) {
      process.stderr.write(
        `stream ${seed} failed; replay it with: SEED=${seed} npm run test:integration -- test/workflows/randomized-streams\n`,
      );
    }
    expect(differences).toEqual([]);
  });
});
