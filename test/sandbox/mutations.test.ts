import { pollUntil } from '../../devstack/poll';
import { startSandbox } from '../../sandbox/index';
import { collect, useSandbox } from './sandbox-test-client';

const NOW = Date.UTC(2026, 5, 1, 12);

describe('one-shot mutations', () => {
  let clock = NOW;
  const env = useSandbox({ orgs: [{ id: 'm', connector: 'hr', records: 2000 }], clock: () => clock });

  const updatedAtOf = async (id: string): Promise<string> => {
    const entity = { loc: 'locations', dep: 'departments', per: 'people', tor: 'time_off_requests' }[
      id.slice(0, 3)
    ];
    const body = await env.client.json<{ data: { updated_at: string } }>(
      `/v1/${entity}/${id}`,
      env.org().token,
    );
    return body.data.updated_at;
  };

  it('deletes exactly the named records, and refuses ids that are not live', async () => {
    clock += 1000;
    const { created } = await env.sandbox.admin.mutate('m', { creates: 1, entity: 'people' });
    const result = await env.sandbox.admin.mutate('m', { entity: 'people', deleteIds: created });
    expect(result.deleted).toEqual(created);
    await expect(env.client.json(`/v1/people/${created[0]}`, env.org().token)).rejects.toThrow(/404/);
    await expect(env.sandbox.admin.mutate('m', { entity: 'people', deleteIds: created })).rejects.toThrow(
      /is not a live people record/,
    );
    await expect(env.sandbox.admin.mutate('m', { deleteIds: ['per_0000001'] })).rejects.toThrow(
      /needs entity/,
    );
  });

  it('updates exactly the named records, besides the random updates, and refuses ids that are not live', async () => {
    clock += 1000;
    const hot = 'per_0000007';
    const before = await updatedAtOf(hot);
    const result = await env.sandbox.admin.mutate('m', { entity: 'people', updateIds: [hot], updates: 3 });
    expect(result.updated[0]).toBe(hot);
    expect(new Set(result.updated).size).toBe(4);
    expect(Date.parse(await updatedAtOf(hot))).toBeGreaterThan(Date.parse(before));
    await expect(
      env.sandbox.admin.mutate('m', { entity: 'people', updateIds: ['per_9999999'] }),
    ).rejects.toThrow(/updateIds: per_9999999 is not a live people record/);
    await expect(env.sandbox.admin.mutate('m', { updateIds: [hot] })).rejects.toThrow(/needs entity/);
  });

  it('applies every kind and returns the affected ids by kind', async () => {
    clock += 1000;
    await env.sandbox.admin.mutate('m', { deletes: 5 });
    const result = await env.sandbox.admin.mutate('m', {
      creates: 4,
      updates: 6,
      deletes: 3,
      recreates: 2,
      tieBurst: 5,
      late: 3,
      lateMs: 10_000,
    });
    expect(result).toMatchObject({
      created: expect.any(Array),
      tieUpdatedAt: new Date(clock).toISOString(),
    });
    expect(result.created).toHaveLength(4);
    expect(result.updated).toHaveLength(6);
    expect(result.deleted).toHaveLength(3);
    expect(result.recreated).toHaveLength(2);
    expect(result.tieBurst).toHaveLength(5);
    expect(result.late).toHaveLength(3);
    const all = [...result.created, ...result.updated, ...result.deleted, ...result.recreated];
    expect(new Set([...all, ...result.tieBurst, ...result.late]).size).toBe(23);
    for (const id of result.deleted)
      expect((await env.client.get(`/v1/${entityOf(id)}/${id}`, env.org().token)).status).toBe(404);
    for (const id of [...result.updated, ...result.created, ...result.recreated]) {
      expect(await updatedAtOf(id)).toBe(new Date(clock).toISOString());
    }
  });

  it('a tie burst shares one updated_at to the millisecond', async () => {
    clock += 1234;
    const { tieBurst, tieUpdatedAt } = await env.sandbox.admin.mutate('m', {
      tieBurst: 25,
      entity: 'time_off_requests',
    });
    expect(tieBurst).toHaveLength(25);
    for (const id of tieBurst) {
      expect(id.startsWith('tor_')).toBe(true);
      expect(await updatedAtOf(id)).toBe(tieUpdatedAt);
    }
  });

  it('late writes become visible now with an updated_at up to lateMs in the past', async () => {
    clock += 60_000;
    const { late } = await env.sandbox.admin.mutate('m', { late: 20, lateMs: 30_000 });
    expect(late).toHaveLength(20);
    const latePeople = new Map<string, string>();
    for (const id of late) {
      const updatedAt = await updatedAtOf(id);
      expect(Date.parse(updatedAt)).toBeLessThan(clock);
      expect(Date.parse(updatedAt)).toBeGreaterThanOrEqual(clock - 30_000);
      if (id.startsWith('per_')) latePeople.set(id, updatedAt);
    }
    // A delta sync from "now - 1 s" sees only the late writes that are not that late.
    const since = new Date(clock - 1000).toISOString();
    const delta = await env.client.listAll(env.org(), 'people', { limit: 500, updatedSince: since });
    const expected = [...latePeople].filter(([, updatedAt]) => updatedAt >= since).map(([id]) => id);
    expect(delta.records.map((record) => record.id).sort()).toEqual(expected.sort());
  });

  it('updates keep ids and stable fields, and change what a version decides', async () => {
    clock += 1000;
    const before = await collect(env.sandbox.admin.truth('m', 'departments'));
    const { updated } = await env.sandbox.admin.mutate('m', { entity: 'departments', updates: 10 });
    const after = await collect(env.sandbox.admin.truth('m', 'departments'));
    expect(after.map((record) => record.id)).toEqual(before.map((record) => record.id));
    const changed = after.filter((record, i) => JSON.stringify(record) !== JSON.stringify(before[i]));
    expect(new Set(changed.map((record) => record.id))).toEqual(new Set(updated));
    for (const record of changed) expect(record.name).toBe(before.find((old) => old.id === record.id)?.name);
  });

  it('refuses bad batches naming the field', async () => {
    await expect(env.sandbox.admin.mutate('m', { updates: -1 })).rejects.toThrow(/updates/);
    await expect(env.sandbox.admin.mutate('m', { entity: 'tickets', updates: 1 })).rejects.toThrow(
      /serves no tickets/,
    );
    await expect(env.sandbox.admin.mutate('nobody', { updates: 1 })).rejects.toMatchObject({ status: 404 });
  });
});

function entityOf(id: string): string {
  return (
    { loc: 'locations', dep: 'departments', per: 'people', tor: 'time_off_requests' }[id.slice(0, 3)] ?? ''
  );
}

describe('background mutation stream', () => {
  it('changes records at perMinute, with tie bursts, until turned off', async () => {
    const sandbox = await startSandbox({ orgs: [{ connector: 'ticketing', records: 3000 }] });
    try {
      await sandbox.admin.patchOrg('org1', {
        mutations: { perMinute: 60_000, tieBurstEvery: 20, lateMs: 5_000 },
      });
      const counters = await pollUntil(
        async () => {
          const mutations = (await sandbox.admin.stats()).orgs.org1?.mutations;
          return (
            mutations &&
            mutations.updated > 20 &&
            mutations.tieBurst > 0 &&
            mutations.created > 0 &&
            mutations
          );
        },
        { description: 'background mutations', timeoutMs: 5_000, intervalMs: 20 },
      );
      expect(counters.late + counters.deleted).toBeGreaterThan(0);
      await sandbox.admin.patchOrg('org1', { mutations: { perMinute: 0 } });
      const stopped = (await sandbox.admin.stats()).orgs.org1?.mutations;
      const [summary] = await sandbox.admin.listOrgs();
      expect(summary?.mutations.perMinute).toBe(0);
      expect((await sandbox.admin.stats()).orgs.org1?.mutations).toEqual(stopped);
    } finally {
      await sandbox.stop();
    }
  });
});
