import { classifyRecords } from '../../activities/classify-records';
import { createApiClient } from '../../connectors/api-client';
import { getConnector } from '../../connectors/registry';
import { createDatabase } from '../../db/connection';
import { upsertEntityRows } from '../../db/entity-writes/upsert-entity-rows';
import { isChildTask, serveChildTask } from '../util/child-task';
import { round, secondsSince } from '../util/stats';
import type { SourceApi } from './sample-rows';

export interface DirectCopyInput {
  readonly databaseUrl: string;
  readonly api: SourceApi;
  /** The organization row the copied rows belong to. */
  readonly orgId: string;
}

export interface DirectCopyResult {
  readonly records: number;
  readonly pages: number;
  readonly seconds: number;
}

/**
 * The direct-copy baseline: what a plain script does with the same API client and the same batched
 * upsert, and no orchestration: every entity in dependency order, page after page, each page
 * validated, transformed and upserted in its own transaction. No Temporal, no cursor, no lease,
 * no rate budget, no run counts.
 */
export async function directCopy(input: DirectCopyInput): Promise<DirectCopyResult> {
  const connector = getConnector(input.api.connector);
  const client = createApiClient({
    baseUrl: input.api.url,
    token: input.api.token,
    paginationStyle: connector.definition.pagination,
  });
  const db = createDatabase({
    url: input.databaseUrl,
    poolSize: 1,
    applicationName: 'sync-engine-bench-direct',
  });
  try {
    let records = 0;
    let pages = 0;
    const started = performance.now();
    for (const entity of connector.entitiesInOrder()) {
      for await (const page of client.paginate({
        path: entity.paths.list,
        limit: connector.definition.pageSize,
      })) {
        const { valid } = classifyRecords(entity, page.records);
        await db
          .transaction()
          .execute((trx) => upsertEntityRows(trx, { orgId: input.orgId, entity, records: valid }));
        records += page.records.length;
        pages += 1;
      }
    }
    return { records, pages, seconds: round(secondsSince(started), 3) };
  } finally {
    await Promise.all([client.close(), db.destroy()]);
  }
}

if (isChildTask()) serveChildTask(directCopy);
