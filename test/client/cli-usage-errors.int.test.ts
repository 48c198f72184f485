import { WorkflowNotFoundError } from '@temporalio/client';
import { runCli } from '../harness/cli';
import { createEngineStack, type EngineStack } from '../harness/engine-stack';

/**
 * Every usage error of a command that takes --org or --entity: exit 2, the flag named as typed and
 * the value that is wrong, and nothing started (no workflow appears for a typo).
 */
describe('sync-engine usage errors name the flag and start nothing', () => {
  let stack: EngineStack;
  let orgId: string;
  let removedOrgId: string;

  const cli = (...args: string[]) => runCli(stack, args);
  const workflowExists = (workflowId: string) =>
    stack.client.workflow
      .getHandle(workflowId)
      .describe()
      .then(
        () => true,
        (err: unknown) => {
          if (err instanceof WorkflowNotFoundError) return false;
          throw err;
        },
      );

  beforeAll(async () => {
    stack = await createEngineStack({
      seed: 1212,
      orgs: [
        { id: 'usage-a', connector: 'hr', records: 10 },
        { id: 'usage-b', connector: 'hr', records: 10 },
      ],
    });
    orgId = await stack.connect(stack.sandbox.orgs[0]!);
    removedOrgId = await stack.connect(stack.sandbox.orgs[1]!);
    await stack.testDb.db
      .updateTable('organizations')
      .set({ removed_at: new Date() })
      .where('id', '=', removedOrgId)
      .execute();
  });

  afterAll(async () => {
    await stack?.teardown();
  });

  const unknownOrg = 'does-not-exist';
  const everyCommandWithOrg: readonly (readonly string[])[] = [
    ['status', '--org', unknownOrg],
    ['status', '--org', unknownOrg, '--json'],
    ['verify', '--org', unknownOrg],
    ['quarantine', 'list', '--org', unknownOrg],
    ['quarantine', 'retry', '--org', unknownOrg],
    ['reconcile', 'approve', '--org', unknownOrg],
    ['sync', 'full', '--org', unknownOrg],
    ['sync', 'delta', '--org', unknownOrg],
    ['sync', 'reconcile', '--org', unknownOrg],
    ['sync', 'cancel', '--org', unknownOrg, '--kind', 'full'],
    ['schedules', 'list', '--org', unknownOrg],
    ['schedules', 'pause', '--org', unknownOrg],
    ['schedules', 'resume', '--org', unknownOrg],
    ['schedules', 'trigger', '--org', unknownOrg, '--kind', 'delta'],
  ];

  it.each(everyCommandWithOrg.map((args) => [args.join(' '), args]))(
    '%s: exit 2 naming --org and the org',
    async (_, args) => {
      const result = await cli(...args);
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toContain(`--org: no organization "${unknownOrg}"`);
    },
  );

  it('org remove of an unknown org: exit 2 naming it', async () => {
    const result = await cli('org', 'remove', unknownOrg);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`no organization "${unknownOrg}"`);
  });

  it.each([
    ['sync', 'full'],
    ['sync', 'delta'],
    ['sync', 'reconcile'],
    ['reconcile', 'approve'],
  ])(
    '%s %s with a typo in --entity: exit 2 listing the valid entities, no workflow started',
    async (...command) => {
      const result = await cli(...command, '--org', orgId, '--entity', 'people', 'nonsense');
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('--entity: "nonsense" is not an entity of organization');
      expect(result.stderr).toContain('valid: locations, departments, people, time_off_requests');
      const kind = command[0] === 'reconcile' ? 'reconcile' : command[1];
      expect(await workflowExists(`sync:${orgId}:${kind}`)).toBe(false);
    },
  );

  it.each([['verify'], ['quarantine list'], ['quarantine retry']])(
    '%s with a typo in --entity: exit 2 naming it',
    async (command) => {
      const result = await cli(...command.split(' '), '--org', orgId, '--entity', 'nonsense');
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--entity: "nonsense" is not an entity');
    },
  );

  it('starts nothing for a removed org, but still shows it', async () => {
    const sync = await cli('sync', 'full', '--org', removedOrgId);
    expect(sync.code).toBe(2);
    expect(sync.stderr).toContain(`--org: organization "${removedOrgId}" was removed`);
    expect(await workflowExists(`sync:${removedOrgId}:full`)).toBe(false);
    expect((await cli('status', '--org', removedOrgId)).code).toBe(0);
    expect((await cli('quarantine', 'list', '--org', removedOrgId)).code).toBe(0);
  });

  it('sync cancel with nothing running: exit 1 saying so', async () => {
    const result = await cli('sync', 'cancel', '--org', orgId, '--kind', 'full');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`No full sync of organization ${orgId} is running: nothing to cancel`);
  });

  const orgAdd = (...flags: string[]) => {
    const values: Record<string, string> = {
      '--name': 'Acme',
      '--api-url': stack.sandbox.url,
      '--token': 'secret-token',
      '--connector': 'hr',
    };
    for (let i = 0; i < flags.length; i += 2) values[flags[i]!] = flags[i + 1]!;
    return cli('org', 'add', ...Object.entries(values).flat());
  };

  it.each([
    ['--api-url', 'not-a-url', '--api-url: must be an http(s) URL'],
    ['--api-url', 'ftp://example.com', '--api-url: must be an http(s) URL'],
    ['--token', '', '--token: must not be empty'],
    ['--connector', 'crm', '--connector: must be one of: hr, ticketing'],
    ['--timezone', 'Mars/Olympus', '--timezone: must be an IANA time zone'],
    ['--reconcile-hour', '24', '--reconcile-hour:'],
    ['--webhook-secret', 'plain', '--webhook-secret: must look like whsec_<base64>'],
    ['--id', 'Not Valid', '--id: must be lowercase letters'],
  ])('org add %s %p: exit 2 naming the flag as typed', async (flag, value, message) => {
    const result = await orgAdd(flag, value);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    // Never the input key (`--apiUrl`), always the flag.
    expect(result.stderr).not.toMatch(/--[a-z]+[A-Z]/);
  });
});
