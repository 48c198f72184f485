import { compareWithTruth, summarise } from '../harness/compare-with-truth';
import { createEngineStack, type EngineStack, type RunningWorkers } from '../harness/engine-stack';
import { runSync, startSync } from '../harness/run-sync';
import { pollUntil } from '../../devstack/poll';

describe('fairness across tenants', () => {
  let stack: EngineStack;
  let workers: RunningWorkers;

  beforeAll(async () => {
    stack = await createEngineStack({
      seed: 41,
      orgs: [
        { id: 'huge', connector: 'hr', records: 150_000 },
        { id: 'small', connector: 'hr', records: 2_000 },
      ],
    });
    workers = await stack.startWorkers();
  });

  afterAll(async () => {
    await workers?.stop();
    await stack?.teardown();
  });

  it("lets a small org's delta finish while a huge org's full sync runs", async () => {
    const huge = await stack.connect(stack.sandbox.orgs[0]!);
    const small = await stack.connect(stack.sandbox.orgs[1]!);
    expect((await runSync(stack, 'full', { orgId: small })).status).toBe('succeeded');
    await stack.sandbox.admin.mutate('small', { updates: 300, creates: 20 });

    const hugeStart = Date.now();
    const hugeRun = await startSync(stack, 'full', { orgId: huge });
    let hugeEnd = 0;
    const hugeDone = hugeRun.result().then((outcome) => {
      hugeEnd = Date.now();
      return outcome;
    });
    const hugePagesServed = async () => (await stack.sandbox.admin.stats()).orgs.huge?.requests['200'] ?? 0;
    await pollUntil(async () => (await hugePagesServed()) >= 5, {
      description: 'the huge full sync to be paging',
      timeoutMs: 30_000,
      intervalMs: 20,
    });
    const deltaStart = Date.now();
    const delta = await runSync(stack, 'delta', { orgId: small });
    const deltaEnd = Date.now();
    const servedWhenDeltaEnded = await hugePagesServed();
    expect(delta.status).toBe('succeeded');
    expect(hugeEnd).toBe(0); // the huge sync is still running

    expect((await hugeDone).status).toBe('succeeded');
    const hugeDuration = hugeEnd - hugeStart;
    const deltaDuration = deltaEnd - deltaStart;
    process.stderr.write(
      `fairness: huge full sync ${hugeDuration} ms, small delta during it ${deltaDuration} ms (huge pages served by then: ${servedWhenDeltaEnded})\n`,
    );
    // Measured in the big run's progress, not in time (the engine's speed changes): the delta
    // waited for none of it, so it ended before the huge sync had fetched half of its pages.
    expect(servedWhenDeltaEnded).toBeLessThan((await hugePagesServed()) / 2);
    expect(summarise(await compareWithTruth(stack, small, 'small'))).toEqual([]);
  });
});
