import { Webhook } from 'standardwebhooks';
import { type RunningSandbox, startSandbox } from '../../sandbox/index';
import { SandboxTestClient } from './sandbox-test-client';
import { headersOf, WebhookReceiver } from './webhook-receiver';

const secretOf = (bytes: number) => `whsec_${Buffer.alloc(bytes, 7).toString('base64')}`;
const TOKEN = 'sk_known_token-0123.456~789';
const SECRET = secretOf(32);

describe('orgs with credentials the caller chooses', () => {
  let sandbox: RunningSandbox;
  let client: SandboxTestClient;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    sandbox = await startSandbox({
      orgs: [{ id: 'chosen', connector: 'hr', records: 100, token: TOKEN, webhookSecret: SECRET }],
    });
    client = new SandboxTestClient(sandbox.url);
  });

  afterAll(async () => {
    await client.close();
    await sandbox.stop();
    await receiver.stop();
  });

  it('starts orgs with them, serves that token and signs webhooks with that secret', async () => {
    expect(sandbox.orgs[0]).toMatchObject({ id: 'chosen', token: TOKEN, webhookSecret: SECRET });
    expect((await client.get('/v1/people?limit=1', TOKEN)).status).toBe(200);
    await sandbox.admin.patchOrg('chosen', { webhooks: { url: await receiver.start() } });
    await sandbox.admin.mutate('chosen', { entity: 'people', updates: 1 });
    const [webhook] = await receiver.waitFor(1);
    if (!webhook) throw new Error('No webhook');
    expect(new Webhook(SECRET).verify(webhook.body, headersOf(webhook))).toMatchObject({
      type: 'people.updated',
    });
  });

  it('creates orgs with them through the admin API', async () => {
    const token = 'another-token-of-twenty';
    const created = await sandbox.admin.createOrg({
      id: 'recreated',
      connector: 'ticketing',
      records: 50,
      token,
      webhookSecret: secretOf(24),
    });
    expect(created).toMatchObject({ id: 'recreated', token, webhookSecret: secretOf(24) });
    expect((await client.get('/v1/projects', token)).status).toBe(200);
  });

  const badToken = /token: must be 16-200 URL-safe characters/;
  const badSecret = /webhookSecret: must be a Standard Webhooks secret: "whsec_" and 24-64 bytes in base64/;
  it.each([
    ['token', 'of 15 characters', 'fifteen-chars-x', badToken],
    ['token', 'of 201 characters', 'x'.repeat(201), badToken],
    ['token', 'with a space', 'has a space in it!', badToken],
    ['token', 'with a slash', 'slash/is/not/url/safe', badToken],
    ['webhookSecret', 'without "whsec_"', Buffer.alloc(32).toString('base64'), badSecret],
    ['webhookSecret', 'not in base64', 'whsec_not base64 at all!', badSecret],
    ['webhookSecret', 'without its padding', secretOf(32).slice(0, -1), badSecret],
    ['webhookSecret', 'of 16 bytes', secretOf(16), badSecret],
    ['webhookSecret', 'of 65 bytes', secretOf(65), badSecret],
  ])('refuses a %s %s with a 400 naming it', async (field, _case, value, message) => {
    const refused = sandbox.admin.createOrg({ connector: 'hr', records: 10, [field]: value });
    await expect(refused).rejects.toMatchObject({
      name: 'SandboxAdminError',
      status: 400,
      code: 'invalid_body',
    });
    await expect(refused).rejects.toThrow(message);
  });

  it('refuses a token another org has with a 409', async () => {
    const refused = sandbox.admin.createOrg({ connector: 'hr', records: 10, token: TOKEN });
    await expect(refused).rejects.toMatchObject({ status: 409, code: 'conflict' });
    await expect(refused).rejects.toThrow(/token: another org has this token/);
    expect((await sandbox.admin.listOrgs()).map((org) => org.id)).toEqual(['chosen', 'recreated']);
  });

  it('refuses invalid ones in startSandbox options, naming the org and field', async () => {
    await expect(
      startSandbox({ orgs: [{ connector: 'hr', records: 10, webhookSecret: 'whsec_' }] }),
    ).rejects.toMatchObject({
      name: 'SandboxOptionsError',
      message: expect.stringMatching(/^orgs\.0\.webhookSecret: must be a Standard Webhooks secret/),
    });
  });
});
