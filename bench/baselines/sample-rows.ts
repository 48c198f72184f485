import { classifyRecords } from '../../activities/classify-records';
import { createApiClient } from '../../connectors/api-client';
import type { EntityDefinition } from '../../connectors/connector-definition';
import { getConnector } from '../../connectors/registry';
import type { Rows } from './write-methods';

export interface SourceApi {
  readonly url: string;
  readonly token: string;
  readonly connector: string;
}

export interface EntitySample {
  readonly entity: EntityDefinition;
  readonly rows: Rows;
}

/**
 * About `total` rows of the org as the engine would write them (validated and transformed), with
 * the org's entity mix: the first pages of each entity, in proportion to its records.
 */
export async function sampleRows(
  api: SourceApi,
  recordsByEntity: Readonly<Record<string, number>>,
  total: number,
): Promise<EntitySample[]> {
  const connector = getConnector(api.connector);
  const client = createApiClient({
    baseUrl: api.url,
    token: api.token,
    paginationStyle: connector.definition.pagination,
  });
  const all = Object.values(recordsByEntity).reduce((sum, count) => sum + count, 0);
  try {
    const samples: EntitySample[] = [];
    for (const entity of connector.entitiesInOrder()) {
      const wanted = Math.round((total * (recordsByEntity[entity.name] ?? 0)) / all);
      const rows: Rows[number][] = [];
      for await (const page of client.paginate({
        path: entity.paths.list,
        limit: connector.definition.pageSize,
      })) {
        rows.push(...classifyRecords(entity, page.records).valid);
        if (rows.length >= wanted) break;
      }
      samples.push({ entity, rows: rows.slice(0, wanted) });
    }
    return samples;
  } finally {
    await client.close();
  }
}
