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
      try {
        const record = await withInlineRetries(
          settings,
          () => context.client.getRecord(entity.paths.get, id),
          (waitMs) => context.blockRequestsFor(waitMs),
        );
        result.found.push(record);
      } catch (err) {
        if ((err as { type?: string }).type === 'ApiNotFoundError') result.gone.push(id);
        else throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(settings.recordFetchConcurrency, ids.length) }, worker));
  return result;
}
