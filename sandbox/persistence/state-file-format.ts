import { endianness } from 'node:os';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import {
  describeIssues,
  faultSettings,
  MAX_RECORDS_PER_ORG,
  mutationSettings,
  orgId,
  orgToken,
  PAGINATION_STYLES,
  webhookSecret,
  webhookRetry,
  webhookSettings,
} from '../admin-api';
import { MAX_SLOT } from '../core/ids';
import { CONNECTOR_ENTITIES, CONNECTOR_NAMES } from '../entities/connectors';
import { ENTITY_NAMES, type EntityName } from '../entities/entity-definition';
import { type EntityStoreSnapshot } from '../store/entity-store-snapshot';
import { type SandboxSnapshot } from './sandbox-snapshot';

/**
 * The state file: a fixed prefix, a JSON header, then every entity store's typed arrays as raw
 * bytes, so that a million records save and load as a few memory copies.
 *
 *   0  "SBXSTATE"                      8 bytes, marks the file
 *   8  header length                   uint32 LE
 *  12  CRC-32 of the header            uint32 LE
 *  16  header                          UTF-8 JSON (see `stateHeader`), zero-padded to a multiple of 8
 *   …  body                            per org, per entity (connector order): created, updated (float64),
 *                                      versions (uint32), flags (uint8), order, deleted, corrupted
 *                                      (int32), each zero-padded to a multiple of 8
 *
 * The header gives the format version, the host byte order of the arrays, the body's size and
 * CRC-32, and each org's settings and each store's counts, from which every section's size follows.
 */
export const STATE_FILE_FORMAT = 1;

const MAGIC = 'SBXSTATE';
const PREFIX_BYTES = 16;

const count = z.number().int().min(0).max(MAX_SLOT);

const storeHeader = z.strictObject({
  name: z.enum(ENTITY_NAMES),
  topSlot: count,
  live: count,
  deleted: count,
  corrupted: count,
  writes: z.number().int().min(0),
});

const orgHeader = z.strictObject({
  id: orgId,
  token: orgToken,
  webhookSecret,
  connector: z.enum(CONNECTOR_NAMES),
  records: z.number().int().min(1).max(MAX_RECORDS_PER_ORG),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  pagination: z.enum(PAGINATION_STYLES),
  faults: faultSettings,
  // Files saved before per-org retry budgets existed have none: the sandbox's default.
  webhooks: webhookSettings.extend({ retry: webhookRetry.nullable().default(null) }),
  mutations: mutationSettings,
  mutationRng: z.int32(),
  faultRng: z.int32(),
  lastNowMs: z.number().int().min(0),
  mutationsSinceBurst: z.number().int().min(0),
  stores: z.array(storeHeader),
});

const stateHeader = z.strictObject({
  format: z.literal(STATE_FILE_FORMAT),
  endianness: z.enum(['LE', 'BE']),
  savedAt: z.iso.datetime(),
  orgsCreated: z.number().int().min(0),
  bodyBytes: z.number().int().min(0),
  bodyCrc32: z.number().int().min(0),
  orgs: z.array(orgHeader),
});
type StateHeader = z.output<typeof stateHeader>;
type StoreHeader = z.output<typeof storeHeader>;

type Section = Float64Array | Uint32Array | Uint8Array | Int32Array;

/** The file's bytes, as chunks to write one after the other. Copies every array: call it before any change. */
export function encodeState(snapshot: SandboxSnapshot, savedAt: Date): Uint8Array[] {
  const sections = snapshot.orgs.flatMap(({ stores }) => [...stores.values()].flatMap(sectionsOf));
  const body = Buffer.alloc(sections.reduce((total, section) => total + padded(section.byteLength), 0));
  let offset = 0;
  for (const section of sections) {
    body.set(new Uint8Array(section.buffer, section.byteOffset, section.byteLength), offset);
    offset += padded(section.byteLength);
  }
  const header: StateHeader = {
    format: STATE_FILE_FORMAT,
    endianness: endianness(),
    savedAt: savedAt.toISOString(),
    orgsCreated: snapshot.orgsCreated,
    bodyBytes: body.length,
    bodyCrc32: crc32(body),
    orgs: snapshot.orgs.map(({ org, stores }) => ({
      ...org,
      stores: [...stores].map(([name, store]) => ({
        name,
        topSlot: store.created.length - 1,
        live: store.order.length,
        deleted: store.deleted.length,
        corrupted: store.corrupted.length,
        writes: store.writes,
      })),
    })),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(padded(PREFIX_BYTES + json.length));
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(json.length, 8);
  prefix.writeUInt32LE(crc32(json), 12);
  json.copy(prefix, PREFIX_BYTES);
  return [prefix, body];
}

/**
 * Reads a state file's bytes back, checking all of it first (marks, checksums, sizes, settings);
 * throws an Error saying what is wrong. The arrays are copies, owned by the caller.
 */
export function decodeState(bytes: Buffer): SandboxSnapshot {
  if (bytes.length < PREFIX_BYTES || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC)
    throw new Error(`not a sandbox state file (it does not start with "${MAGIC}")`);
  const headerBytes = bytes.readUInt32LE(8);
  const bodyStart = padded(PREFIX_BYTES + headerBytes);
  if (bodyStart > bytes.length)
    throw new Error(`truncated: ${bytes.length} bytes, the header alone needs ${bodyStart}`);
  const json = bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerBytes);
  if (crc32(json) !== bytes.readUInt32LE(12)) throw new Error('corrupt header (its CRC-32 does not match)');
  const header = parseHeader(json);
  if (header.endianness !== endianness())
    throw new Error(`written on a ${header.endianness} host; this one is ${endianness()}`);
  const expectedBytes = header.orgs.reduce(
    (total, org) => org.stores.reduce((sum, store) => sum + storeBytes(store), total),
    0,
  );
  if (expectedBytes !== header.bodyBytes)
    throw new Error(
      `inconsistent header: its stores take ${expectedBytes} bytes, it says ${header.bodyBytes}`,
    );
  const actualBytes = bytes.length - bodyStart;
  if (actualBytes !== header.bodyBytes) {
    throw new Error(
      actualBytes < header.bodyBytes
        ? `truncated: ${actualBytes} of ${header.bodyBytes} bytes of data`
        : `${actualBytes - header.bodyBytes} bytes more than its header describes`,
    );
  }
  const body = bytes.subarray(bodyStart);
  if (crc32(body) !== header.bodyCrc32) throw new Error('corrupt data (its CRC-32 does not match)');
  let offset = 0;
  const read = <T extends Section>(array: T): T => {
    new Uint8Array(array.buffer).set(body.subarray(offset, offset + array.byteLength));
    offset += padded(array.byteLength);
    return array;
  };
  return {
    orgsCreated: header.orgsCreated,
    orgs: header.orgs.map(({ stores, ...org }) => ({
      org,
      stores: new Map(
        stores.map((store): [EntityName, EntityStoreSnapshot] => {
          const slots = store.topSlot + 1;
          return [
            store.name,
            {
              created: read(new Float64Array(slots)),
              updated: read(new Float64Array(slots)),
              versions: read(new Uint32Array(slots)),
              flags: read(new Uint8Array(slots)),
              order: read(new Int32Array(store.live)),
              deleted: read(new Int32Array(store.deleted)),
              corrupted: read(new Int32Array(store.corrupted)),
              writes: store.writes,
            },
          ];
        }),
      ),
    })),
  };
}

function parseHeader(json: Buffer): StateHeader {
  let value: unknown;
  try {
    value = JSON.parse(json.toString('utf8'));
  } catch {
    throw new Error('corrupt header (not JSON)');
  }
  // The version first: another format's header may differ in every other field.
  const format = (value as { format?: unknown } | null)?.format;
  if (format !== STATE_FILE_FORMAT)
    throw new Error(`format ${JSON.stringify(format)}; this sandbox reads format ${STATE_FILE_FORMAT}`);
  const parsed = stateHeader.safeParse(value);
  if (!parsed.success) throw new Error(`invalid header: ${describeIssues(parsed.error)}`);
  const header = parsed.data;
  const ids = new Set<string>();
  const tokens = new Set<string>();
  for (const org of header.orgs) {
    if (ids.has(org.id) || tokens.has(org.token))
      throw new Error(`invalid header: org ${org.id} repeats an id or token`);
    ids.add(org.id);
    tokens.add(org.token);
    const expected = CONNECTOR_ENTITIES[org.connector].map((definition) => definition.name);
    const names = org.stores.map((store) => store.name);
    if (names.join() !== expected.join())
      throw new Error(
        `invalid header: org ${org.id} stores ${names.join()}, its connector ${expected.join()}`,
      );
  }
  return header;
}

function sectionsOf(store: EntityStoreSnapshot): Section[] {
  return [
    store.created,
    store.updated,
    store.versions,
    store.flags,
    store.order,
    store.deleted,
    store.corrupted,
  ];
}

function storeBytes(store: StoreHeader): number {
  const slots = store.topSlot + 1;
  return (
    2 * padded(8 * slots) +
    padded(4 * slots) +
    padded(slots) +
    padded(4 * store.live) +
    padded(4 * store.deleted) +
    padded(4 * store.corrupted)
  );
}

function padded(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}
