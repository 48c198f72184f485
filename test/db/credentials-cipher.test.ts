import { randomBytes } from 'node:crypto';
import { CredentialsCipher } from '../../db/credentials-cipher';

describe('CredentialsCipher', () => {
  const cipher = new CredentialsCipher(randomBytes(32));
  const context = 'organizations/org_a/credentials';

  it('round-trips a secret and never shows it in the ciphertext', () => {
    const secret = JSON.stringify({ token: 'tok_live_1234567890' });
    const sealed = cipher.encrypt(secret, context);
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('tok_live');
    expect(cipher.decrypt(sealed, context)).toBe(secret);
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.encrypt('same', context)).not.toBe(cipher.encrypt('same', context));
  });

  it('refuses a ciphertext moved to another org', () => {
    const sealed = cipher.encrypt('secret', context);
    expect(() => cipher.decrypt(sealed, 'organizations/org_b/credentials')).toThrow(
      expect.objectContaining({ name: 'DecryptionError' }),
    );
  });

  it('refuses a tampered ciphertext', () => {
    const sealed = cipher.encrypt('secret', context);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), context)).toThrow(
      expect.objectContaining({ name: 'DecryptionError' }),
    );
  });

  it('refuses a key of the wrong length', () => {
    expect(() => new CredentialsCipher(randomBytes(16))).toThrow(/32 bytes/);
  });
});
