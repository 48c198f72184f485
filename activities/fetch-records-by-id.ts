import { isApiErrorOf } from '../connectors/api-client/errors';
import type { EntityDefinition } from '../connectors/connector-definition';
import type { EngineSettings } from './engine-settings';
import { withInlineRetries } from './failures';
import type { OrgContext } from './org-context';

export interface FetchedById {
  /** Raw records as the API returned them. */
  readonly found: unknown[];
  /** Ids the API answered 404 for: the records no longer exist. */
  readonly gone: string[];
}

const GONE = Symbol('gone');

/** Fetches records one by one (bounded parallelism), telling found from gone. */
export async function fetchRecordsById(
  context: OrgContext,
  entity: EntityDefinition,
  ids: readonly string[],
  settings: EngineSettings,
): Promise<FetchedById> {
  const result: FetchedById = { found: [], gone: [] };
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      // A 404 is an answer (the record is gone), told apart before it would become a failure.
      const record = await withInlineRetries(
        settings,
        () =>
          context.client.getRecord(entity.paths.get, id).catch((err: unknown) => {
            if (isApiErrorOf(err, 'not-found')) return GONE;
            throw err;
          }),
        (waitMs) => context.blockRequestsFor(waitMs),
      );
      if (record === GONE) result.gone.push(id);
      else result.found.push(record);
    }
  };
  await Promise.all(Array.from({ length: Math.min(settings.recordFetchConcurrency, ids.length) }, worker));
  return result;
}
