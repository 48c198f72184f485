import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type EntityName,
  type OrgSummary,
  type RunningSandbox,
  type StartSandboxOptions,
  startSandbox,
} from '../../sandbox/index';
import { collect, SandboxTestClient } from './sandbox-test-client';

/** A clock the test sets, one per sandbox, so that two sandboxes see the same times. */
function testClock() {
  const time = { now: 0 };
  return { clock: () => time.now, at: (iso: string) => (time.now = Date.parse(iso)) };
}
type TestClock = ReturnType<typeof testClock>;

const ORGS = [
  { id: 'hr', connector: 'hr', records: 1500, pagination: 'cursor' },
  { id: 'tickets', connector: 'ticketing', records: 1000, pagination: 'page' },
] as const;

/** Mutations, deletions, re-creations, corruptions, fixes and settings: what a dev session does. */
async function history({ admin }: RunningSandbox, { at }: TestClock): Promise<unknown[]> {
  at('2026-01-01T00:00:01.000Z');
  const linked = await admin.createOrg({ id: 'linked', connector: 'hr', records: 400, pagination: 'link' });
  const results: unknown[] = [linked.id];
  results.push(await admin.mutate('hr', { creates: 30, updates: 100, deletes: 40, tieBurst: 10, late: 10 }));
  at('2026-01-01T00:00:02.000Z');
  results.push(await admin.mutate('hr', { entity: 'people', recreates: 10, updates: 20 }));
  results.push(await admin.corrupt('hr', { entity: 'people', count: 15 }));
  results.push(await admin.corrupt('tickets', { entity: 'tickets', count: 5 }));
  at('2026-01-01T00:00:03.000Z');
  results.push(await admin.mutate('tickets', { creates: 5, deletes: 20, updates: 30 }));
  results.push(await admin.fix('hr'));
  results.push(await admin.corrupt('hr', { entity: 'time_off_requests', count: 4 }));
  results.push(await admin.mutate('linked', { deletes: 25, late: 5 }));
  await admin.patchOrg('hr', {
    faults: { slowMs: 1234, retryAfterSeconds: 9, retryAfterStyle: 'http-date' },
    webhooks: {
      duplicateRate: 0.5,
      reorder: true,
      delayMs: 10,
      maxDelayMs: 20,
      retry: { maxAttempts: 3, baseBackoffMs: 100, maxBackoffMs: 400 },
    },
    mutations: { lateMs: 5_000, tieBurstEvery: 7 },
  });
  await admin.patchOrg('tickets', { pagination: 'link' });
  return results;
}

/** What comes after: each kind of change again, and an org created with the default id and seed. */
async function continuation({ admin }: RunningSandbox, { at }: TestClock): Promise<unknown[]> {
  // A host clock behind the last write: the org's clock must not go back.
  at('2026-01-01T00:00:00.500Z');
  const results: unknown[] = [await admin.mutate('tickets', { updates: 5, tieBurst: 3 })];
  at('2026-01-01T00:10:00.000Z');
  results.push(await admin.mutate('hr', { creates: 5, updates: 50, deletes: 10, recreates: 8, tieBurst: 5 }));
  results.push(await admin.mutate('hr', { late: 5, entity: 'people' }));
  results.push(await admin.mutate('linked', { recreates: 5, updates: 10 }));
  results.push(await admin.corrupt('tickets', { entity: 'comments', count: 3 }));
  at('2026-01-01T00:10:01.000Z');
  results.push(await admin.fix('hr'));
  const later = await admin.createOrg({ connector: 'ticketing', records: 300 });
  results.push(later.id, await admin.mutate(later.id, { updates: 10, deletes: 3 }));
  return results;
}

interface Observation {
  readonly orgs: OrgSummary[];
  /** By `org/entity`: every page of the listing (served forms) and the truth. */
  readonly entities: Record<string, { listed: unknown[]; truth: unknown[] }>;
}

/** Everything a client can see: each org's summary, each entity's listing in its style and truth. */
async function observe(sandbox: RunningSandbox): Promise<Observation> {
  const client = new SandboxTestClient(sandbox.url);
  try {
    const orgs = await sandbox.admin.listOrgs();
    const entities: Observation['entities'] = {};
    for (const org of orgs) {
      for (const entity of Object.keys(org.records) as EntityName[]) {
        entities[`${org.id}/${entity}`] = {
          listed: (await client.listAll(org, entity, { limit: 97 })).records,
          truth: await collect(sandbox.admin.truth(org.id, entity)),
        };
      }
    }
    return { orgs, entities };
  } finally {
    await client.close();
  }
}

/** Two sandboxes that never shared a process differ in their random credentials only. */
function withoutCredentials({ orgs, entities }: Observation) {
  return { orgs: orgs.map(({ token: _, webhookSecret: __, ...org }) => org), entities };
}

describe('a sandbox with a state file', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sandbox-state-'));
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('resumes after a stop exactly where it stopped, and goes on as if it never had', async () => {
    const stateFile = join(directory, 'resume.state');
    const options = (clock: TestClock): StartSandboxOptions => ({
      orgs: ORGS,
      seed: 5,
      clock: clock.clock,
    });
    const controlClock = testClock();
    const control = await startSandbox(options(controlClock));
    const firstClock = testClock();
    const first = await startSandbox({ ...options(firstClock), stateFile });
    let resumed: RunningSandbox | undefined;
    try {
      expect(first.resumed).toBe(false);
      const controlHistory = await history(control, controlClock);
      expect(await history(first, firstClock)).toEqual(controlHistory);
      const beforeStop = await observe(first);
      expect(beforeStop.orgs.map((org) => org.records)).toEqual(
        (await control.admin.listOrgs()).map((org) => org.records),
      );
      await first.stop();

      const resumedClock = testClock();
      resumed = await startSandbox({ ...options(resumedClock), stateFile });
      expect(resumed.resumed).toBe(true);
      expect(resumed.orgs).toEqual(
        beforeStop.orgs.map(({ id, token, webhookSecret, connector, pagination }) => ({
          ...{ id, token, webhookSecret, connector, pagination },
        })),
      );
      expect(resumed.orgs.map((org) => org.id)).toEqual(['hr', 'tickets', 'linked']);
      // Same credentials, settings, counts, listings (malformed records included) and truth.
      expect(await observe(resumed)).toEqual(beforeStop);
      expect(withoutCredentials(beforeStop)).toEqual(withoutCredentials(await observe(control)));

      // The mutation generators, deleted lists and clocks go on: the same next ids as the control.
      const controlNext = await continuation(control, controlClock);
      expect(await continuation(resumed, resumedClock)).toEqual(controlNext);
      expect(withoutCredentials(await observe(resumed))).toEqual(withoutCredentials(await observe(control)));
    } finally {
      await Promise.all([control.stop(), first.stop(), resumed?.stop()]);
    }
  });

  it('saves while running, so a sandbox killed without stop loses nothing older than the interval', async () => {
    const stateFile = join(directory, 'periodic.state');
    const orgs = [{ id: 'org1', connector: 'ticketing', records: 400 }] as const;
    const running = await startSandbox({ orgs, stateFile, stateSaveIntervalMs: 25 });
    let restarted: RunningSandbox | undefined;
    try {
      // Saved before it listened (a crash right after start keeps the credentials), for its owner only.
      const atStart = await readFile(stateFile);
      expect((await stat(stateFile)).mode & 0o777).toBe(0o600);
      const changed = await running.admin.mutate('org1', { entity: 'tickets', creates: 2, deletes: 3 });
      const deadline = Date.now() + 5_000;
      while ((await readFile(stateFile)).equals(atStart)) {
        if (Date.now() > deadline) throw new Error('The state file did not change within 5 s');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }

      // As after a SIGKILL: the first one never stopped (nor saved at stop).
      restarted = await startSandbox({ orgs, stateFile });
      expect(restarted.resumed).toBe(true);
      expect(restarted.orgs).toEqual(running.orgs);
      const client = new SandboxTestClient(restarted.url);
      const token = restarted.orgs[0]?.token;
      try {
        for (const id of changed.created)
          expect((await client.get(`/v1/tickets/${id}`, token)).status).toBe(200);
        for (const id of changed.deleted)
          expect((await client.get(`/v1/tickets/${id}`, token)).status).toBe(404);
      } finally {
        await client.close();
      }
      expect(await collect(restarted.admin.truthIds('org1', 'tickets'))).toEqual(
        await collect(running.admin.truthIds('org1', 'tickets')),
      );
    } finally {
      await restarted?.stop();
      await running.stop();
    }
  });

  it('creates the orgs it is given that the file does not hold, and keeps those it does', async () => {
    const stateFile = join(directory, 'grow.state');
    const first = await startSandbox({ orgs: [{ connector: 'hr', records: 50 }], stateFile });
    await first.stop();
    const second = await startSandbox({
      orgs: [
        { connector: 'hr', records: 999, pagination: 'page' },
        { id: 'extra', connector: 'ticketing', records: 60 },
      ],
      stateFile,
    });
    try {
      // `org1` (the id a new sandbox gives the first org) is the saved one, as saved.
      expect(second.orgs[0]).toEqual(first.orgs[0]);
      expect(second.orgs.map((org) => org.id)).toEqual(['org1', 'extra']);
      const [org1, extra] = await second.admin.listOrgs();
      expect(org1?.records).toEqual({ locations: 1, departments: 2, people: 22, time_off_requests: 25 });
      expect(extra?.seed).toBe(2);
    } finally {
      await second.stop();
    }
    const third = await startSandbox({ stateFile });
    try {
      expect(third.orgs).toEqual(second.orgs);
    } finally {
      await third.stop();
    }
  });
});
