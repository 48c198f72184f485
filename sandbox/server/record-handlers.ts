import { type FastifyRequest } from 'fastify';
import { formatId, parseId } from '../core/ids';
import { toIso } from '../core/time';
import { SandboxHttpError } from '../errors';
import { type Org, type OrgEntity } from '../org/org';
import { invalid, QueryParams } from './query-params';

export const MAX_ID_PAGE_SIZE = 10_000;

/** `GET /v1/{entity}/{id}`: one record as served (malformed while corrupted), or 404. */
export function getRecord(org: Org, entity: OrgEntity, request: FastifyRequest): string {
  const id = (request.params as { id: string }).id;
  const slot = parseId(entity.definition.prefix, id);
  if (slot === undefined || !entity.store.isLive(slot)) {
    throw new SandboxHttpError(404, 'not_found', `No ${entity.definition.name} record ${id.slice(0, 40)}`);
  }
  return JSON.stringify({ data: org.render(entity, slot, 'served') });
}

/**
 * `GET /v1/{entity}/ids`: live ids and updated_at in id order, keyset on id, so records that
 * change during the listing are neither skipped nor repeated.
 */
export function listIds(_org: Org, entity: OrgEntity, request: FastifyRequest): string {
  const query = new QueryParams(request);
  const limit = query.integer('limit', { min: 1, max: MAX_ID_PAGE_SIZE, default: 1000 });
  const after = query.string('after');
  const { prefix } = entity.definition;
  const afterSlot = after === undefined ? 0 : parseId(prefix, after);
  if (afterSlot === undefined)
    throw invalid('after', `must be an id of ${entity.definition.name} (${prefix}_…)`);
  const store = entity.store;
  const data: { id: string; updated_at: string }[] = [];
  let slot = store.nextLiveSlot(afterSlot);
  while (slot !== 0 && data.length < limit) {
    data.push({ id: formatId(prefix, slot), updated_at: toIso(store.updatedAt(slot)) });
    slot = store.nextLiveSlot(slot);
  }
  // `slot` is now the first live record after the page: there is more exactly when it exists.
  const nextAfter = slot !== 0 && data.length > 0 ? (data[data.length - 1]?.id ?? null) : null;
  return JSON.stringify({ data, next_after: nextAfter });
}
