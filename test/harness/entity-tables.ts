import type { Kysely } from 'kysely';
import type { ConnectorTables } from '../../connectors/registry';
import type { Database } from '../../db/database';

/** The same database with the connectors' entity tables typed, for tests that read them. */
export function withEntityTables(db: Kysely<Database>): Kysely<Database & ConnectorTables> {
  // Mapped: an interface has no index signature, which withTables asks for.
  return db.withTables<{ [T in keyof ConnectorTables]: ConnectorTables[T] }>();
}
