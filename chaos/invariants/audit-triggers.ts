import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database';

/**
 * Test-only audit of every entity write, installed by the chaos run in its own database (never by
 * migrations): a row whose source version goes backwards (a monotonic-write violation), and every
 * soft deletion with the version it deleted, checked against the source at the end. Evidence that
 * a later sync may have healed is kept here.
 */
export async function installAuditTriggers(db: Kysely<Database>, tables: readonly string[]): Promise<void> {
  await sql`create table if not exists chaos_regressions (
    tbl text, org_id text, external_id text, old_version timestamptz, new_version timestamptz, at timestamptz default clock_timestamp())`.execute(
    db,
  );
  await sql`create table if not exists chaos_deletions (
    tbl text, org_id text, external_id text, version timestamptz, at timestamptz default clock_timestamp())`.execute(
    db,
  );
  await sql`
    create or replace function chaos_audit() returns trigger language plpgsql as $$
    begin
      if new.source_updated_at < old.source_updated_at then
        insert into chaos_regressions (tbl, org_id, external_id, old_version, new_version)
        values (tg_table_name, new.org_id, new.external_id, old.source_updated_at, new.source_updated_at);
      end if;
      if old.deleted_at is null and new.deleted_at is not null then
        insert into chaos_deletions (tbl, org_id, external_id, version)
        values (tg_table_name, new.org_id, new.external_id, new.source_updated_at);
      end if;
      return new;
    end $$`.execute(db);
  for (const table of tables) {
    await sql`drop trigger if exists chaos_audit on ${sql.table(table)}`.execute(db);
    await sql`create trigger chaos_audit after update on ${sql.table(table)} for each row execute function chaos_audit()`.execute(
      db,
    );
  }
}

export interface AuditFindings {
  /** Rows that went back to an older source version. */
  readonly regressions: number;
  readonly regressionSamples: string[];
  /** Soft deletions of records the source still has, unchanged: deletions that should not have happened. */
  readonly wrongfulDeletions: number;
  readonly wrongfulSamples: string[];
  readonly deletions: number;
}

/** Reads the audit: regressions as logged, deletions compared with the source's current versions. */
export async function readAudit(
  db: Kysely<Database>,
  sourceVersion: (table: string, orgId: string, externalId: string) => string | undefined,
): Promise<AuditFindings> {
  const { rows: regressions } = await sql<{ tbl: string; org_id: string; external_id: string }>`
    select tbl, org_id, external_id from chaos_regressions`.execute(db);
  const { rows: deletions } = await sql<{ tbl: string; org_id: string; external_id: string; version: Date }>`
    select tbl, org_id, external_id, version from chaos_deletions`.execute(db);
  const wrongful = deletions.filter((deletion) => {
    const current = sourceVersion(deletion.tbl, deletion.org_id, deletion.external_id);
    // Still at the source at the very version we deleted: it was never deleted (a re-creation
    // would carry a newer version).
    return current !== undefined && Date.parse(current) === deletion.version.getTime();
  });
  return {
    regressions: regressions.length,
    regressionSamples: regressions.slice(0, 5).map((r) => `${r.tbl}/${r.org_id}/${r.external_id}`),
    wrongfulDeletions: wrongful.length,
    wrongfulSamples: wrongful.slice(0, 5).map((r) => `${r.tbl}/${r.org_id}/${r.external_id}`),
    deletions: deletions.length,
  };
}
