import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const SECRET_KEY_BYTES = 32;

/**
 * Decodes an AES-256 key given as 64 hex characters or as base64 of 32 bytes.
 * Returns an explanation instead of a key when the text is not one.
 */
export function decodeSecretKey(text: string): Buffer | string {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    const key = Buffer.from(trimmed, 'base64');
    if (key.length === SECRET_KEY_BYTES) return key;
    return `must be ${SECRET_KEY_BYTES} bytes as 64 hex characters or base64 (decodes to ${key.length} bytes)`;
  }
  return `must be ${SECRET_KEY_BYTES} bytes as 64 hex characters or base64`;
}

/** A fresh random key, base64-encoded, for `SYNC_ENGINE_SECRET_KEY`. */
export function generateSecretKey(): string {
  return randomBytes(SECRET_KEY_BYTES).toString('base64');
}

/**
 * Dev mode only: reads the key kept in the data folder, creating it (mode 0600) on first use.
 * Production passes `SYNC_ENGINE_SECRET_KEY` from a secret store instead.
 */
export function loadOrCreateDevSecretKey(dataDir: string): string {
  const file = path.join(dataDir, 'secret-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const key = generateSecretKey();
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}
