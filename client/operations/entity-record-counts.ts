import type { Kysely } from 'kysely';
import { getConnector } from '../../connectors/registry';
import type { Database } from '../../db/database';
import { countEntityRows, type EntityRowCounts } from '../../db/repositories/entity-rows.repository';

export interface EntityRecordCounts extends EntityRowCounts {
  readonly entity: string;
}

/** Stored records of each entity of an org's connector, in sync order (what `status` and `org show` print). */
export function entityRecordCounts(
  db: Kysely<Database>,
  orgId: string,
  connectorName: string,
): Promise<EntityRecordCounts[]> {
  const connector = getConnector(connectorName);
  return Promise.all(
    connector.order.map(async (entity) => ({
      entity,
      ...(await countEntityRows(db, connector.entity(entity).table, orgId)),
    })),
  );
}
