import { withEntityTables } from '../harness/entity-tables';
import { rmSync } from 'node:fs';
import { DEV_STOP_GRACE_MS } from '../../client/dev/dev-stop';
import { orgAddOutput, orgListOutput, verifyOutput } from '../../client/cli/output-schemas';
import { createDatabase } from '../../db/connection';
import { pollUntil } from '../../devstack/poll';
import { isProcessAlive } from '../../devstack/process-alive';
import { SandboxAdminClient } from '../../sandbox';
import {
  cli,
  devSettings,
  type DevProcess,
  interruptAndWait,
  killAll,
  newDataDir,
  running,
  startDev,
} from './dev-process';

describe('sync-engine dev', () => {
  const dataDirs: string[] = [];
  let dev: DevProcess | undefined;
  const dataDir = () => {
    const dir = newDataDir();
    dataDirs.push(dir);
    return dir;
  };

  afterEach(async () => {
    for (const dir of dataDirs) await killAll(dev, dir);
    dev = undefined;
  });
  afterAll(() => {
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  /** Ctrl-C: dev and every server it started are gone within the documented grace time. */
  async function stop(dir: string) {
    const pid = dev!.child.pid!;
    const timing = await interruptAndWait(dev!, dir, DEV_STOP_GRACE_MS);
    expect(timing.code).toBe(0);
    expect(isProcessAlive(pid)).toBe(false);
    dev = undefined;
    return timing;
  }

  it('runs everything, syncs its demo orgs exactly, stops cleanly and resumes without re-seeding', async () => {
    const dir = dataDir();
    dev = startDev(dir);
    await running(dev, 'dev to start');
    const orgs = orgListOutput.parse(JSON.parse(await cli(dir, 'org', 'list', '--json')));
    expect(orgs).toHaveLength(3);
    for (const org of orgs) {
      const report = await pollUntil(
        async () => {
          const result = verifyOutput.parse(JSON.parse(await cli(dir, 'verify', '--org', org.id, '--json')));
          return result.drift === 0 &&
            result.pending === 0 &&
            result.entities.every((e) => e.stored === e.source)
            ? result
            : undefined;
        },
        { description: `org ${org.id} to be synced`, timeoutMs: 120_000, intervalMs: 1_000 },
      );
      expect(report.entities.every((entity) => entity.source > 0)).toBe(true);
    }

    const first = await stop(dir);
    expect(first.stoppingAfterMs).toBeLessThan(2_000);

    dev = startDev(dir);
    await running(dev, 'dev to resume');
    const again = orgListOutput.parse(JSON.parse(await cli(dir, 'org', 'list', '--json')));
    expect(again.map((org) => org.id)).toEqual(orgs.map((org) => org.id));
    for (const org of again) {
      const report = verifyOutput.parse(JSON.parse(await cli(dir, 'verify', '--org', org.id, '--json')));
      expect(report.drift).toBe(0);
    }
    await stop(dir);
  });

  it('restarted, keeps one org per sandbox tenant: an org added by hand keeps its tenant and webhooks', async () => {
    const dir = dataDir();
    dev = startDev(dir, { orgs: 1, recordsPerOrg: 300 });
    await running(dev, 'dev to start');
    const before = devSettings(dir);
    const admin = new SandboxAdminClient(before.sandbox!.url, before.sandbox!.adminToken);
    // As a user adds their own org: a tenant from the sandbox's admin API, then `org add` against it.
    const tenant = await admin.createOrg({ connector: 'hr', records: 400 });
    await admin.close();
    const added = orgAddOutput.parse(
      JSON.parse(
        await cli(
          dir,
          'org',
          'add',
          '--name',
          'Added by hand',
          '--api-url',
          before.sandbox!.url,
          '--token',
          tenant.token,
          '--connector',
          tenant.connector,
          '--webhook-secret',
          tenant.webhookSecret,
          '--json',
        ),
      ),
    );
    const handOrg = added.organization.id;
    const webhookUrl = `${before.webhooksUrl}/webhooks/${handOrg}`;
    const adminBefore = new SandboxAdminClient(before.sandbox!.url, before.sandbox!.adminToken);
    await adminBefore.patchOrg(tenant.id, { webhooks: { url: webhookUrl } });
    await adminBefore.close();
    // dev's terminal lists orgs added after it started.
    await pollUntil(() => dev!.output().includes(`${handOrg}: `), {
      description: `dev to show ${handOrg}`,
      timeoutMs: 30_000,
    });
    await stop(dir);

    dev = startDev(dir, { orgs: 1, recordsPerOrg: 300 });
    await running(dev, 'dev to resume');
    const after = devSettings(dir);
    expect(after.demoOrgs.map((demo) => demo.sandboxOrgId)).toEqual(['demo1']);
    const orgs = orgListOutput.parse(JSON.parse(await cli(dir, 'org', 'list', '--json')));
    expect(orgs.map((org) => org.id).sort()).toEqual([after.demoOrgs[0]!.orgId, handOrg].sort());

    const adminAfter = new SandboxAdminClient(after.sandbox!.url, after.sandbox!.adminToken);
    const db = createDatabase({ url: after.databaseUrl, poolSize: 2 });
    try {
      const tenants = await adminAfter.listOrgs();
      expect(tenants.map((t) => t.id).sort()).toEqual(['demo1', tenant.id].sort());
      expect(tenants.find((t) => t.id === tenant.id)!.webhooks.url).toBe(webhookUrl);
      expect(after.webhooksUrl).toBe(before.webhooksUrl);

      // A change at the hand-added org's tenant still reaches it by webhook, and its row follows.
      const deliveries = async () =>
        (
          await db
            .selectFrom('webhook_inbox')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('org_id', '=', handOrg)
            .executeTakeFirstOrThrow()
        ).n;
      const deliveredBefore = await deliveries();
      const changed = await adminAfter.mutate(tenant.id, { entity: 'people', updates: 1 });
      const [id] = changed.updated;
      const truth = await pollUntil(
        async () => {
          for await (const record of adminAfter.truthIds(tenant.id, 'people'))
            if (record.id === id) return record;
          return undefined;
        },
        { description: `the sandbox's truth of ${id}`, timeoutMs: 5_000 },
      );
      await pollUntil(async () => (await deliveries()) > deliveredBefore, {
        description: `a webhook for ${handOrg}`,
        timeoutMs: 30_000,
        intervalMs: 250,
      });
      await pollUntil(
        async () => {
          const row = await withEntityTables(db)
            .selectFrom('hr_people')
            .select('source_updated_at')
            .where('org_id', '=', handOrg)
            .where('external_id', '=', id!)
            .executeTakeFirst();
          return row?.source_updated_at.toISOString() === new Date(truth.updated_at).toISOString();
        },
        { description: `${id} to be updated in ${handOrg}'s rows`, timeoutMs: 60_000, intervalMs: 500 },
      );
    } finally {
      await adminAfter.close();
      await db.destroy();
    }
    await stop(dir);
  });
});
