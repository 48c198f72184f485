import { type FaultSettings, startSandbox } from '../../sandbox/index';
import { errorOf, SandboxTestClient, useSandbox } from './sandbox-test-client';

const NO_FAULTS: Partial<FaultSettings> = {
  rate429: 0,
  rate5xx: 0,
  rateReset: 0,
  rateSlow: 0,
  rateTimeout: 0,
  rateTruncated: 0,
};

describe('fault injection', () => {
  const env = useSandbox({ orgs: [{ id: 'flaky', connector: 'hr', records: 300 }] });
  const token = () => env.org('flaky').token;

  const setFaults = (faults: Partial<FaultSettings>) =>
    env.sandbox.admin.patchOrg('flaky', { faults: { ...NO_FAULTS, ...faults } });
  const faultCount = async (name: string): Promise<number> =>
    ((await env.sandbox.admin.stats()).orgs.flaky?.faults as Record<string, number>)[name] ?? 0;

  afterEach(() => setFaults({}));

  it('429 with Retry-After in seconds', async () => {
    await setFaults({ rate429: 1, retryAfterSeconds: 7, retryAfterStyle: 'seconds' });
    const response = await env.client.get('/v1/people', token());
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('7');
    expect(errorOf(response).code).toBe('rate_limited');
  });

  it('429 with Retry-After as an HTTP date', async () => {
    await setFaults({ rate429: 1, retryAfterSeconds: 30, retryAfterStyle: 'http-date' });
    const before = Date.now();
    const response = await env.client.get('/v1/people/ids', token());
    expect(response.status).toBe(429);
    const retryAt = Date.parse(String(response.headers['retry-after']));
    expect(retryAt).toBeGreaterThanOrEqual(before + 30_000 - 1000);
    expect(retryAt).toBeLessThanOrEqual(Date.now() + 32_000);
    expect(String(response.headers['retry-after'])).toMatch(/ GMT$/);
  });

  it('5xx with a JSON error body', async () => {
    await setFaults({ rate5xx: 1 });
    const statuses = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const response = await env.client.get('/v1/people/per_0000001', token());
      statuses.add(response.status);
      expect(errorOf(response).code).toBe('server_error');
    }
    for (const status of statuses) expect([500, 502, 503]).toContain(status);
  });

  it('connection reset', async () => {
    await setFaults({ rateReset: 1 });
    await expect(env.client.get('/v1/people', token())).rejects.toThrow(
      /other side closed|ECONNRESET|socket/i,
    );
    expect(await faultCount('reset')).toBeGreaterThanOrEqual(1);
  });

  it('slow answers arrive after slowMs, intact', async () => {
    await setFaults({ rateSlow: 1, slowMs: 150 });
    const started = performance.now();
    const response = await env.client.get('/v1/locations', token());
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(response.status).toBe(200);
    expect((JSON.parse(response.text) as { data: unknown[] }).data.length).toBeGreaterThan(0);
  });

  it('timeouts never answer in time, and release the request when the client gives up', async () => {
    await setFaults({ rateTimeout: 1 });
    await expect(env.client.get('/v1/people', token(), { timeoutMs: 200 })).rejects.toThrow(/timeout/i);
    expect(await faultCount('timeout')).toBeGreaterThanOrEqual(1);
  });

  it('truncated bodies are cut JSON with a 200', async () => {
    await setFaults({ rateTruncated: 1 });
    for (let i = 0; i < 5; i++) {
      const response = await env.client.get('/v1/people?limit=20', token());
      expect(response.status).toBe(200);
      expect(() => JSON.parse(response.text) as unknown).toThrow(SyntaxError);
    }
  });

  it('rates are shares: a mix of answers at 50 %', async () => {
    await setFaults({ rate5xx: 0.5 });
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await env.client.get('/v1/locations', token())).status);
    const failed = statuses.filter((status) => status >= 500).length;
    expect(failed).toBeGreaterThan(10);
    expect(failed).toBeLessThan(50);
  });

  it('counts every injected fault by class and every answer by status', async () => {
    const stats = await env.sandbox.admin.stats();
    const flaky = stats.orgs.flaky;
    expect(flaky?.faults).toMatchObject({
      rate_limited: 2,
      server_error: expect.any(Number),
      reset: 1,
      slow: 1,
      timeout: 1,
      truncated: 5,
    });
    expect(flaky?.faults.server_error).toBeGreaterThan(20);
    expect(flaky?.requests['429']).toBe(2);
    expect(flaky?.requests['200']).toBeGreaterThanOrEqual(6);
    expect(stats.totals.faults.truncated).toBe(5);
  });

  it('stops promptly while a request is being held', async () => {
    const own = await startSandbox({ orgs: [{ connector: 'hr', records: 10 }] });
    const ownClient = new SandboxTestClient(own.url);
    await own.admin.patchOrg('org1', { faults: { rateTimeout: 1 } });
    const held = ownClient.get('/v1/people', own.orgs[0]?.token);
    const outcome = held.then(
      () => 'answered',
      () => 'failed',
    );
    // The request is held once the server counted it; then stopping must not wait 150 s.
    for (let i = 0; i < 100 && (await own.admin.stats()).totals.faults.timeout === 0; i++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    const started = performance.now();
    await own.stop();
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(await outcome).toBe('failed');
    await ownClient.close();
  });
});
