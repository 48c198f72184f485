import { Readable } from 'node:stream';
import { formatId } from '../core/ids';
import { toIso } from '../core/time';
import { type Org, type OrgEntity } from '../org/org';

const LINES_PER_CHUNK = 500;

/**
 * NDJSON of every live record of an entity in id order: its valid form (`records`), or
 * `{id, updated_at}` (`ids`). Rendered a chunk at a time as the client reads, so a million
 * records never sit in memory at once.
 */
export function truthStream(org: Org, entity: OrgEntity, format: 'records' | 'ids'): Readable {
  const store = entity.store;
  const line =
    format === 'ids'
      ? (slot: number) =>
          JSON.stringify({
            id: formatId(entity.definition.prefix, slot),
            updated_at: toIso(store.updatedAt(slot)),
          })
      : (slot: number) => JSON.stringify(org.render(entity, slot, 'valid'));
  function* chunks(): Generator<string> {
    let slot = store.nextLiveSlot(0);
    while (slot !== 0) {
      let chunk = '';
      for (let lines = 0; slot !== 0 && lines < LINES_PER_CHUNK; lines++) {
        chunk += `${line(slot)}\n`;
        slot = store.nextLiveSlot(slot);
      }
      yield chunk;
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
