import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { pollUntil } from '../../devstack/poll';
import { orgAddOutput, orgShowOutput, orgUpdateOutput, statusOutput } from '../../client/cli/output-schemas';
import type { RunningWebhookReceiver } from '../../client/webhooks';
import { decryptOrganizationSecrets, findOrganization } from '../../db/repositories/organizations.repository';
import { runCli } from '../harness/cli';
import { createEngineStack, type EngineStack, type RunningWorkers } from '../harness/engine-stack';
import { startTestReceiver } from '../webhooks/receiver-test-kit';
import { eventBody, postDelivery, signDelivery } from '../webhooks/signed-delivery';
import { TcpProxy } from '../webhooks/tcp-proxy';

/** Environment of every CLI call here: a known receiver port and no public URL (the default applies). */
const WEBHOOK_ENV = { WEBHOOK_PORT: '18080', WEBHOOK_PUBLIC_URL: '' };

describe('org add --id, org show, org update: settings an operator can find and change', () => {
  let stack: EngineStack;
  let workers: RunningWorkers;

  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runCli(stack, args, { ...WEBHOOK_ENV, ...env });
  const ok = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const result = await cli(args, env);
    if (result.code !== 0)
      throw new Error(`sync-engine ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
    return result.stdout;
  };
  const sandboxOrg = (id: string) => stack.sandbox.orgs.find((org) => org.id === id)!;
  const addArgs = (sandboxOrgId: string, ...extra: string[]) => [
    'org',
    'add',
    '--name',
    `Org ${sandboxOrgId}`,
    '--api-url',
    stack.sandbox.url,
    '--token',
    sandboxOrg(sandboxOrgId).token,
    '--connector',
    sandboxOrg(sandboxOrgId).connector,
    '--webhook-secret',
    sandboxOrg(sandboxOrgId).webhookSecret,
    '--requests-per-second',
    '200',
    ...extra,
  ];
  /** An org whose API nothing answers: for adds that must fail, or whose sync does not matter. */
  const unreachableOrgArgs = (...extra: string[]) => [
    'org',
    'add',
    '--name',
    'Unreachable',
    '--api-url',
    'http://127.0.0.1:1',
    '--token',
    't',
    '--connector',
    'hr',
    ...extra,
  ];
  const waitForFullSync = (orgId: string) =>
    pollUntil(
      async () =>
        (await stack.testDb.db
          .selectFrom('sync_runs')
          .select('id')
          .where('org_id', '=', orgId)
          .where('kind', '=', 'full')
          .where('entity', 'is', null)
          .where('status', '=', 'succeeded')
          .executeTakeFirst()) !== undefined,
      { description: `the full sync of ${orgId}`, timeoutMs: 60_000 },
    );

  beforeAll(async () => {
    stack = await createEngineStack({
      seed: 1207,
      orgs: [
        { id: 'set-a', connector: 'hr', records: 200 },
        { id: 'set-b', connector: 'hr', records: 200 },
      ],
    });
    workers = await stack.startWorkers();
    await ok(addArgs('set-a', '--id', 'acme-1', '--timezone', 'Europe/Berlin', '--reconcile-hour', '3'));
    await ok(addArgs('set-b', '--id', 'acme-2'));
    await Promise.all([waitForFullSync('acme-1'), waitForFullSync('acme-2')]);
  });

  afterAll(async () => {
    await workers?.stop();
    await stack?.teardown();
  });

  it("takes the product's own id, refuses a taken or malformed one (exit 2, nothing written or started), generates one otherwise", async () => {
    const before = await findOrganization(stack.testDb.db, 'acme-1');
    expect(before).toMatchObject({ name: 'Org set-a', requests_per_second: 200, reconcile_hour: 3 });

    const duplicate = await cli(unreachableOrgArgs('--id', 'acme-1'));
    expect(duplicate.code).toBe(2);
    expect(duplicate.stderr).toContain('organization acme-1 exists');
    expect(await findOrganization(stack.testDb.db, 'acme-1')).toEqual(before);
    const fullSyncs = await stack.testDb.db
      .selectFrom('sync_runs')
      .select('id')
      .where('org_id', '=', 'acme-1')
      .where('kind', '=', 'full')
      .where('entity', 'is', null)
      .execute();
    expect(fullSyncs).toHaveLength(1);

    const malformed = await cli(unreachableOrgArgs('--id', 'Not An Id'));
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('--id:');
    expect(await stack.testDb.db.selectFrom('organizations').select('id').execute()).toHaveLength(2);

    const generated = orgAddOutput.parse(JSON.parse(await ok(unreachableOrgArgs('--json'))));
    expect(generated.organization.id).toMatch(/^org_[a-z2-7]{16}$/);
    expect(generated.organization.requestsPerSecond).toBe(20);
    await ok(['org', 'remove', generated.organization.id, '--purge']);
  });

  it('shows the webhook URL, whether a secret is set, settings, schedules and records per entity; never a secret', async () => {
    await sql`update hr_people set deleted_at = now() where org_id = 'acme-1' and external_id = 'per_0000001'`.execute(
      stack.testDb.db,
    );
    const shown = orgShowOutput.parse(JSON.parse(await ok(['org', 'show', 'acme-1', '--json'])));
    expect(shown).toMatchObject({
      id: 'acme-1',
      connector: 'hr',
      apiUrl: stack.sandbox.url,
      timezone: 'Europe/Berlin',
      reconcileHour: 3,
      requestsPerSecond: 200,
      webhookUrl: 'http://127.0.0.1:18080/webhooks/acme-1',
      webhookSecretSet: true,
    });
    expect(shown.schedules.map((s) => [s.scheduleId, s.paused])).toEqual([
      ['sync:acme-1:delta', false],
      ['sync:acme-1:reconcile', false],
    ]);
    expect(shown.schedules.every((s) => s.nextRunAt !== null)).toBe(true);
    const { rows } = await sql<{ live: number; deleted: number }>`
      select count(*) filter (where deleted_at is null)::int as live, count(*) filter (where deleted_at is not null)::int as deleted
      from hr_people where org_id = 'acme-1'`.execute(stack.testDb.db);
    expect(shown.entities.map((e) => e.entity)).toEqual([
      'locations',
      'departments',
      'people',
      'time_off_requests',
    ]);
    expect(shown.entities.find((e) => e.entity === 'people')).toEqual({ entity: 'people', ...rows[0] });
    expect(rows[0]).toMatchObject({ deleted: 1 });
    expect(rows[0]!.live).toBeGreaterThan(0);

    const text = await ok(['org', 'show', 'acme-1']);
    expect(text).toContain('webhook URL');
    expect(text).toContain('http://127.0.0.1:18080/webhooks/acme-1');
    expect(text).toMatch(/webhook secret\s+set/);
    expect(text).toMatch(/sync:acme-1:reconcile\s+running/);
    expect(text).toMatch(new RegExp(`people\\s+${rows[0]!.live}\\s+1`));

    // The public URL the provider reaches, when the receiver sits behind a load balancer.
    const behindProxy = orgShowOutput.parse(
      JSON.parse(
        await ok(['org', 'show', 'acme-1', '--json'], { WEBHOOK_PUBLIC_URL: 'https://hooks.example.com/' }),
      ),
    );
    expect(behindProxy.webhookUrl).toBe('https://hooks.example.com/webhooks/acme-1');

    const org = (await findOrganization(stack.testDb.db, 'acme-1'))!;
    for (const output of [text, JSON.stringify(shown)]) {
      expect(output).not.toContain(sandboxOrg('set-a').token);
      expect(output).not.toContain(sandboxOrg('set-a').webhookSecret);
      expect(output).not.toContain(org.credentials_ciphertext);
    }

    const status = statusOutput.parse(JSON.parse(await ok(['status', '--org', 'acme-1', '--json'])));
    expect(status.organizations[0]!.entities.find((e) => e.entity === 'people')!.records).toEqual(rows[0]);
    expect(await ok(['status', '--org', 'acme-1'])).toMatch(
      new RegExp(`people\\s+records\\s+${rows[0]!.live} live\\s+1 deleted`),
    );
  });

  it('lists organizations under a header row, in aligned columns', async () => {
    const lines = (await ok(['org', 'list'])).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+CONNECTOR\s+TIME ZONE\s+RECONCILE\s+REQ\/S\s+STATE$/);
    const nameColumn = lines[0]!.indexOf('NAME');
    expect(lines.slice(1).map((line) => line.indexOf('Org set-'))).toEqual([nameColumn, nameColumn]);
  });

  it('updates each setting: persisted, secrets encrypted, the nightly schedule moved with the time zone or hour', async () => {
    const newToken = `tok_${randomBytes(8).toString('hex')}`;
    const newSecret = `whsec_${randomBytes(24).toString('base64')}`;
    const update = async (...flags: string[]) =>
      orgUpdateOutput.parse(JSON.parse(await ok(['org', 'update', 'acme-1', ...flags, '--json'])));
    const row = async () => (await findOrganization(stack.testDb.db, 'acme-1'))!;
    const reconcileSpec = async () => {
      const { spec } = await stack.client.schedule.getHandle('sync:acme-1:reconcile').describe();
      return { timezone: spec.timezone, hours: spec.calendars?.flatMap((c) => c.hour.map((h) => h.start)) };
    };

    const before = await row();
    expect((await update('--name', 'Acme One')).changed).toEqual(['name']);
    expect(await row()).toMatchObject({ name: 'Acme One' });
    expect((await row()).updated_at.getTime()).toBeGreaterThan(before.updated_at.getTime());

    await update('--api-url', 'http://127.0.0.1:9/');
    expect((await row()).api_base_url).toBe('http://127.0.0.1:9/');
    await update('--api-url', stack.sandbox.url);

    await update('--requests-per-second', '7.5');
    expect((await row()).requests_per_second).toBe(7.5);

    await update('--token', newToken, '--webhook-secret', newSecret);
    expect(decryptOrganizationSecrets(stack.cipher, await row())).toEqual({
      credentials: { token: newToken },
      webhookSecret: newSecret,
    });
    const { rows } = await sql<{
      text: string;
    }>`select o::text as text from organizations o where id = 'acme-1'`.execute(stack.testDb.db);
    expect(rows[0]!.text).not.toContain(newToken);
    expect(rows[0]!.text).not.toContain(newSecret);

    expect(await reconcileSpec()).toEqual({ timezone: 'Europe/Berlin', hours: [3] });
    expect((await update('--timezone', 'America/New_York')).schedulesUpdated).toEqual([
      'sync:acme-1:reconcile',
    ]);
    expect(await reconcileSpec()).toEqual({ timezone: 'America/New_York', hours: [3] });
    expect((await update('--reconcile-hour', '0')).schedulesUpdated).toEqual(['sync:acme-1:reconcile']);
    expect(await reconcileSpec()).toEqual({ timezone: 'America/New_York', hours: [0] });
    expect(await row()).toMatchObject({ time_zone: 'America/New_York', reconcile_hour: 0 });

    await update('--clear-webhook-secret');
    expect((await row()).webhook_secret_ciphertext).toBeNull();
    expect(
      orgShowOutput.parse(JSON.parse(await ok(['org', 'show', 'acme-1', '--json']))).webhookSecretSet,
    ).toBe(false);
  });

  it.each([
    [[], 'nothing to change: pass at least one of --name, --api-url'],
    [['--api-url', 'ftp://x'], '--api-url: must be an http(s) URL'],
    [['--timezone', 'Mars/Olympus'], '--timezone: must be an IANA time zone'],
    [['--reconcile-hour', '24'], '--reconcile-hour: must be a whole hour, 0-23'],
    [['--requests-per-second', '0'], '--requests-per-second: must be a number of requests per second'],
    [['--webhook-secret', 'plain'], '--webhook-secret: must look like whsec_'],
    [
      ['--webhook-secret', 'whsec_abc', '--clear-webhook-secret'],
      '--clear-webhook-secret: cannot be combined',
    ],
  ])('refuses org update %j with exit 2, naming the flag', async (flags, message) => {
    const before = await findOrganization(stack.testDb.db, 'acme-2');
    const result = await cli(['org', 'update', 'acme-2', ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(await findOrganization(stack.testDb.db, 'acme-2')).toEqual(before);
  });

  it('refuses to update an org that does not exist (exit 2)', async () => {
    const result = await cli(['org', 'update', 'nope', '--name', 'X']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no organization "nope"');
  });

  it("reaches a running worker's org cache and the webhook receiver within seconds", async () => {
    // The worker's cached client for acme-2 talks to the sandbox directly (the full sync used it).
    const proxy = await TcpProxy.start(new URL(stack.sandbox.url).host);
    let receiver: RunningWebhookReceiver | undefined;
    try {
      await ok(['org', 'update', 'acme-2', '--api-url', `http://${proxy.address}`]);
      await pollUntil(
        async () => {
          await ok(['sync', 'delta', '--org', 'acme-2', '--wait']);
          return proxy.connections > 0;
        },
        { description: 'a delta of acme-2 through the new API URL', timeoutMs: 10_000, intervalMs: 0 },
      );

      receiver = await startTestReceiver(stack);
      const url = `${receiver.url}/webhooks/acme-2`;
      const send = (secret: string) =>
        postDelivery(url, signDelivery(secret, eventBody('people', 'per_0000002')));
      expect((await send(sandboxOrg('set-b').webhookSecret)).status).toBe(202);
      const rotated = `whsec_${randomBytes(24).toString('base64')}`;
      await ok(['org', 'update', 'acme-2', '--webhook-secret', rotated]);
      await pollUntil(async () => (await send(rotated)).status === 202, {
        description: 'the receiver to accept the rotated secret',
        timeoutMs: 5_000,
      });
      expect((await send(sandboxOrg('set-b').webhookSecret)).status).toBe(401);
    } finally {
      await receiver?.close();
      await ok(['org', 'update', 'acme-2', '--api-url', stack.sandbox.url]);
      await proxy.close();
    }
  });
});
