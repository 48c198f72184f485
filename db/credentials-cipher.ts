import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SECRET_KEY_BYTES } from '../config/secret-key';

const ALGORITHM = 'aes-256-gcm';
const VERSION = 'v1';
const IV_BYTES = 12;

/** A ciphertext could not be decrypted: wrong key, tampered data, or moved to another row. */
export class DecryptionError extends Error {
  override readonly name = 'DecryptionError';
  /** The same key and data fail the same way: retrying cannot help. */
  readonly retryable = false;
  constructor(readonly context: string) {
    super(
      `Cannot decrypt ${context}: wrong SYNC_ENGINE_SECRET_KEY, or the stored value was altered or moved`,
    );
  }
}

/**
 * Encrypts secrets at rest with AES-256-GCM. The `context` (e.g. `organizations/org_1/credentials`)
 * is authenticated as associated data, so a ciphertext copied to another row or column fails to
 * decrypt instead of handing one org's credentials to another.
 *
 * Format: `v1.<iv>.<auth tag>.<ciphertext>`, each part base64url.
 */
export class CredentialsCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== SECRET_KEY_BYTES) throw new Error(`The secret key must be ${SECRET_KEY_BYTES} bytes`);
  }

  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext].map(encodePart).join('.');
  }

  decrypt(sealed: string, context: string): string {
    const [version, iv, tag, ciphertext, ...rest] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || ciphertext === undefined || rest.length > 0) {
      throw new DecryptionError(context);
    }
    try {
      const decipher = createDecipheriv(ALGORITHM, this.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new DecryptionError(context);
    }
  }
}

function encodePart(part: string | Buffer): string {
  return typeof part === 'string' ? part : part.toString('base64url');
}
