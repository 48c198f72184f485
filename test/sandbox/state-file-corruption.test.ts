import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { startSandbox } from '../../sandbox/index';

/** A state file taken apart (see `sandbox/persistence/state-file-format.ts`), to damage it with intent. */
interface StateFileParts {
  header: { format: number; orgs: { token: string; stores: { topSlot: number; live: number }[] }[] };
  body: Buffer;
}

function split(bytes: Buffer): StateFileParts {
  const headerBytes = bytes.readUInt32LE(8);
  return {
    header: JSON.parse(bytes.toString('utf8', 16, 16 + headerBytes)) as StateFileParts['header'],
    body: bytes.subarray(Math.ceil((16 + headerBytes) / 8) * 8),
  };
}

/** Puts the parts back with valid checksums: only the deeper checks can find what was changed. */
function assemble({ header, body }: StateFileParts): Buffer {
  const json = Buffer.from(JSON.stringify({ ...header, bodyCrc32: crc32(body) }));
  const prefix = Buffer.alloc(Math.ceil((16 + json.length) / 8) * 8);
  prefix.write('SBXSTATE', 0, 'latin1');
  prefix.writeUInt32LE(json.length, 8);
  prefix.writeUInt32LE(crc32(json), 12);
  json.copy(prefix, 16);
  return Buffer.concat([prefix, body]);
}

function flipByte(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = (copy[at] ?? 0) ^ 0xff;
  return copy;
}

/** The first store's `order` section swapped at its first two positions: sorted no more. */
function unsortOrder(bytes: Buffer): Buffer {
  const parts = split(bytes);
  const slots = (parts.header.orgs[0]?.stores[0]?.topSlot ?? 0) + 1;
  const padded = (n: number) => Math.ceil(n / 8) * 8;
  const at = 2 * padded(8 * slots) + padded(4 * slots) + padded(slots);
  const body = Buffer.from(parts.body);
  const [first, second] = [body.readInt32LE(at), body.readInt32LE(at + 4)];
  body.writeInt32LE(second, at);
  body.writeInt32LE(first, at + 4);
  return assemble({ ...parts, body });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('No port');
  return address.port;
}

function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('a damaged state file', () => {
  let directory: string;
  let valid: Buffer;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sandbox-state-'));
    const stateFile = join(directory, 'valid.state');
    const sandbox = await startSandbox({ orgs: [{ connector: 'hr', records: 1000 }], stateFile });
    await sandbox.admin.mutate('org1', { updates: 10, deletes: 5 });
    await sandbox.stop();
    valid = await readFile(stateFile);
    expect(valid.length).toBeGreaterThan(1000);
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it.each<[string, () => Buffer, RegExp]>([
    ['not a state file', () => Buffer.from('{"orgs": []}\n'), /not a sandbox state file/],
    ['empty', () => Buffer.alloc(0), /not a sandbox state file/],
    ['cut inside the header', () => valid.subarray(0, 40), /truncated: 40 bytes, the header alone needs/],
    [
      'cut inside the data',
      () => valid.subarray(0, valid.length - 1000),
      /truncated: \d+ of \d+ bytes of data/,
    ],
    ['longer than described', () => Buffer.concat([valid, Buffer.alloc(8)]), /8 bytes more than its header/],
    ['changed in the header', () => flipByte(valid, 30), /corrupt header \(its CRC-32 does not match\)/],
    [
      'changed in the data',
      () => flipByte(valid, valid.length - 3),
      /corrupt data \(its CRC-32 does not match\)/,
    ],
    [
      'of another format version',
      () => assemble({ ...split(valid), header: { ...split(valid).header, format: 2 } }),
      /format 2; this sandbox reads format 1/,
    ],
    [
      'with an invalid setting',
      () => {
        const parts = split(valid);
        const [org] = parts.header.orgs;
        return assemble({ ...parts, header: { ...parts.header, orgs: [{ ...org!, token: 'x' }] } });
      },
      /invalid header: orgs\.0\.token: must be 16-200 URL-safe characters/,
    ],
    [
      'with a store out of order',
      () => unsortOrder(valid),
      /org org1, locations: order is not sorted at position 1/,
    ],
  ])(
    '%s: refused with an error naming the file, nothing served, the file kept',
    async (_case, make, reason) => {
      const stateFile = join(directory, 'damaged.state');
      const damaged = make();
      await writeFile(stateFile, damaged);
      const port = await freePort();
      const started = startSandbox({ port, stateFile, orgs: [{ connector: 'hr', records: 10 }] });
      await expect(started).rejects.toMatchObject({ name: 'SandboxStateFileError', file: stateFile });
      const error = (await started.catch((err: unknown) => err)) as Error;
      expect(error.message).toMatch(`Sandbox state file ${stateFile}: `);
      expect(error.message).toMatch(reason);
      expect(await connects(port)).toBe(false);
      expect((await readFile(stateFile)).equals(damaged)).toBe(true);
    },
  );

  it('reads the undamaged file', async () => {
    const stateFile = join(directory, 'undamaged.state');
    await writeFile(stateFile, assemble(split(valid)));
    const sandbox = await startSandbox({ stateFile });
    expect(sandbox.resumed).toBe(true);
    await sandbox.stop();
  });
});
