import { type RunningSandbox, startSandbox } from '../../sandbox/index';
import { collect, SandboxTestClient } from './sandbox-test-client';

describe('determinism', () => {
  let sandboxes: RunningSandbox[];
  let client: SandboxTestClient;

  beforeAll(async () => {
    const orgs = [
      { id: 'hr', connector: 'hr', records: 2000, seed: 42 },
      { id: 'tickets', connector: 'ticketing', records: 2000, seed: 42 },
      { id: 'other-seed', connector: 'hr', records: 2000, seed: 43 },
    ] as const;
    sandboxes = [await startSandbox({ orgs }), await startSandbox({ orgs })];
    client = new SandboxTestClient('http://unused');
  });

  afterAll(async () => {
    await client.close();
    await Promise.all(sandboxes.map((sandbox) => sandbox.stop()));
  });

  const first = (): RunningSandbox => sandboxes[0] as RunningSandbox;
  const second = (): RunningSandbox => sandboxes[1] as RunningSandbox;

  it.each([
    ['hr', 'people'],
    ['hr', 'departments'],
    ['tickets', 'comments'],
    ['tickets', 'projects'],
  ] as const)('a seed gives the same %s %s in every run', async (org, entity) => {
    const a = await collect(first().admin.truth(org, entity));
    const b = await collect(second().admin.truth(org, entity));
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  });

  it('list pages are byte-identical across runs', async () => {
    const [a, b] = await Promise.all(
      sandboxes.map((sandbox) => {
        const org = sandbox.orgs.find((candidate) => candidate.id === 'hr');
        return client.get(`${sandbox.url}/v1/time_off_requests?limit=200`, org?.token);
      }),
    );
    expect(a?.status).toBe(200);
    expect(b?.text).toBe(a?.text);
  });

  it('another seed gives the same ids with other contents', async () => {
    const base = await collect(first().admin.truth('hr', 'people'));
    const other = await collect(first().admin.truth('other-seed', 'people'));
    expect(other.map((record) => record.id)).toEqual(base.map((record) => record.id));
    expect(other.map((record) => record.email)).not.toEqual(base.map((record) => record.email));
  });

  it('seeded timestamps lie in the fixed past range, whatever the clock says', async () => {
    const people = await collect(first().admin.truthIds('hr', 'people'));
    for (const { updated_at } of people) {
      expect(updated_at >= '2023-01-01T00:00:00.000Z' && updated_at < '2025-01-01T00:00:00.000Z').toBe(true);
    }
    // Bulk edits make some records share an updated_at before any mutation.
    expect(new Set(people.map((entry) => entry.updated_at)).size).toBeLessThan(people.length);
  });

  it('references point to existing records of the right entity', async () => {
    const ids = async (entity: 'people' | 'departments' | 'locations') =>
      new Set((await collect(first().admin.truthIds('hr', entity))).map((entry) => entry.id));
    const [people, departments, locations] = [
      await ids('people'),
      await ids('departments'),
      await ids('locations'),
    ];
    for (const person of await collect(first().admin.truth('hr', 'people'))) {
      expect(departments.has(String(person.department_id))).toBe(true);
      expect(locations.has(String(person.location_id))).toBe(true);
      const manager = person.manager_id as string | null;
      if (manager !== null) {
        expect(people.has(manager)).toBe(true);
        expect(manager < String(person.id)).toBe(true);
      }
    }
  });
});
