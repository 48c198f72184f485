import { type Kysely, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Workers and the webhook receiver cache what they derive from an org row and revalidate it by
  // `updated_at` alone, so every update must move it, whoever writes the row (`org update`,
  // `org remove`, an operator's SQL): later by at least a millisecond (a JS Date's precision),
  // even when two updates come within one or the clock stepped back.
  await sql`
    create function organizations_touch_updated_at() returns trigger language plpgsql as $$
    begin
      new.updated_at := greatest(clock_timestamp(), old.updated_at + interval '1 millisecond');
      return new;
    end $$`.execute(db);
  await sql`
    create trigger organizations_touch_updated_at before update on organizations
    for each row execute function organizations_touch_updated_at()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger organizations_touch_updated_at on organizations`.execute(db);
  await sql`drop function organizations_touch_updated_at()`.execute(db);
}
