import { rmSync } from 'node:fs';
import { DEV_STOP_GRACE_MS } from '../../client/dev/dev-stop';
import { pollUntil } from '../../devstack/poll';
import {
  type DevProcess,
  interrupt,
  interruptAndWait,
  killAll,
  newDataDir,
  processesUsing,
  running,
  serverPid,
  startDev,
} from './dev-process';

/** `Stopping…` is printed as soon as Ctrl-C is pressed, whatever dev is doing. */
const STOPPING_PRINTED_WITHIN_MS = 2_000;

describe('Ctrl-C in sync-engine dev', () => {
  let dataDir: string;
  let dev: DevProcess | undefined;

  beforeEach(() => {
    dataDir = newDataDir();
  });
  afterEach(async () => {
    await killAll(dev, dataDir);
    dev = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  const temporalRuns = async () =>
    (await processesUsing(dataDir)).some((line) => line.includes('temporal.sqlite'));

  /** Ctrl-C: `Stopping…` at once, then dev and every server gone within the grace time, exit 0. */
  async function expectOrderlyStop() {
    const timing = await interruptAndWait(dev!, dataDir, DEV_STOP_GRACE_MS);
    expect(timing.code).toBe(0);
    expect(timing.stoppingAfterMs).toBeLessThan(STOPPING_PRINTED_WITHIN_MS);
  }

  it('during startup stops what had started, within the grace time', async () => {
    dev = startDev(dataDir, { orgs: 1, recordsPerOrg: 200 });
    await pollUntil(async () => await temporalRuns(), {
      description: 'dev to start its Temporal server',
      timeoutMs: 60_000,
      intervalMs: 50,
    });
    await expectOrderlyStop();
  });

  it('with the Temporal server already gone, still stops within the grace time', async () => {
    dev = startDev(dataDir, { orgs: 1, recordsPerOrg: 200 });
    await running(dev, 'dev to start');
    process.kill(await serverPid(dataDir, 'temporal.sqlite'), 'SIGKILL');
    await pollUntil(async () => !(await temporalRuns()), {
      description: 'the Temporal server to be gone',
      timeoutMs: 15_000,
    });
    // Each call to a Temporal server that is gone retries for ~20 s: the display must not wait for them.
    await pollUntil(() => dev!.output().includes('Temporal unavailable'), {
      description: 'dev to notice',
      timeoutMs: 30_000,
    }).catch(() => undefined);
    await expectOrderlyStop();
  });

  it('twice stops at once', async () => {
    dev = startDev(dataDir, { orgs: 1, recordsPerOrg: 200 });
    await running(dev, 'dev to start');
    interrupt(dev);
    await pollUntil(() => dev!.output().includes('Stopping…'), {
      description: 'dev to print Stopping…',
      timeoutMs: STOPPING_PRINTED_WITHIN_MS,
      intervalMs: 10,
    });
    const timing = await interruptAndWait(dev, dataDir, DEV_STOP_GRACE_MS);
    expect(timing.code).toBe(1);
    expect(dev.output()).toContain('stopping at once');
  });

  it('killed (kill -9), leaves no server behind: the watchdogs stop them', async () => {
    dev = startDev(dataDir, { orgs: 1, recordsPerOrg: 200 });
    await running(dev, 'dev to start');
    process.kill(dev.child.pid!, 'SIGKILL');
    await dev.exited;
    // The watchdog's grace (10 s) before it kills a server that does not stop when asked.
    await pollUntil(async () => (await processesUsing(dataDir)).length === 0, {
      description: 'every server of the killed dev to stop',
      timeoutMs: 15_000,
    });
  });
});
