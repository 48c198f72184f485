import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { CredentialsCipher } from '../../db/credentials-cipher';
import {
  createOrganization,
  decryptOrganizationSecrets,
  findOrganization,
} from '../../db/repositories/organizations.repository';
import { createTestDatabase, type TestDatabase } from '../harness/test-database';

describe('organizations repository', () => {
  let testDb: TestDatabase;
  const cipher = new CredentialsCipher(randomBytes(32));

  beforeAll(async () => {
    testDb = await createTestDatabase();
  });

  afterAll(async () => {
    await testDb?.destroy();
  });

  it('round-trips credentials and webhook secret while the columns never hold the plaintext', async () => {
    const token = `tok_${randomBytes(12).toString('hex')}`;
    const webhookSecret = `whsec_${randomBytes(24).toString('base64')}`;
    const created = await createOrganization(testDb.db, cipher, {
      name: 'Acme',
      connector: 'hr',
      apiBaseUrl: 'http://127.0.0.1:9999',
      credentials: { token },
      webhookSecret,
    });

    const stored = await findOrganization(testDb.db, created.id);
    expect(stored).toBeDefined();
    expect(decryptOrganizationSecrets(cipher, stored!)).toEqual({ credentials: { token }, webhookSecret });

    // Search every text form of the row, not just the columns we expect secrets in.
    const { rows } = await sql<{
      row: string;
    }>`select o::text as row from organizations o where id = ${created.id}`.execute(testDb.db);
    expect(rows[0]?.row).not.toContain(token);
    expect(rows[0]?.row).not.toContain(webhookSecret);
    expect(rows[0]?.row).not.toContain(Buffer.from(token).toString('base64'));
  });

  it('refuses to decrypt with another key', async () => {
    const created = await createOrganization(testDb.db, cipher, {
      name: 'Globex',
      connector: 'hr',
      apiBaseUrl: 'http://127.0.0.1:9999',
      credentials: { token: 'secret-token' },
    });
    const otherCipher = new CredentialsCipher(randomBytes(32));
    expect(() => decryptOrganizationSecrets(otherCipher, created)).toThrow(
      expect.objectContaining({ name: 'DecryptionError' }),
    );
  });

  it('rejects an id that cannot be part of a workflow id', async () => {
    await expect(
      createOrganization(testDb.db, cipher, {
        id: 'Not A Slug!',
        name: 'Bad',
        connector: 'hr',
        apiBaseUrl: 'http://127.0.0.1:9999',
        credentials: {},
      }),
    ).rejects.toThrow(/check constraint/);
  });
});
