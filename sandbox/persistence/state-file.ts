import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SandboxStateFileError } from '../errors';
import { type SandboxSnapshot } from './sandbox-snapshot';
import { decodeState, encodeState } from './state-file-format';

/** The sandbox saved in `file`, checked whole; undefined when there is no such file. */
export async function readStateFile(file: string): Promise<SandboxSnapshot | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SandboxStateFileError(file, `cannot be read: ${messageOf(err)}`);
  }
  try {
    return decodeState(bytes);
  } catch (err) {
    throw new SandboxStateFileError(file, messageOf(err));
  }
}

/**
 * Saves the sandbox atomically: written to a temporary file beside it, flushed to disk, then
 * renamed over it, so a reader (or a crash at any point) finds the old state or the new one, whole.
 * Encodes before the first await: the snapshot's arrays are the live ones.
 */
export async function writeStateFile(file: string, snapshot: SandboxSnapshot): Promise<void> {
  const chunks = encodeState(snapshot, new Date());
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(file), { recursive: true });
    // Owner-only: it holds every org's token and webhook secret.
    const handle = await open(temporary, 'wx', 0o600);
    try {
      for (const chunk of chunks) await handle.writeFile(chunk);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
  } catch (err) {
    await rm(temporary, { force: true });
    throw new SandboxStateFileError(file, `cannot be written: ${messageOf(err)}`);
  }
  await syncDirectory(dirname(file));
}

/** Makes the rename durable too. */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some systems (Windows) cannot open or flush a directory; the file itself is on disk.
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
