import { sql, type Kysely } from 'kysely';
import type { Database } from '../database';

/** How long to wait before the request that just took a token may go out. */
export interface RateTake {
  readonly waitMs: number;
}

/**
 * Takes one request token from the organization's bucket (refilled at the org's
 * `requests_per_second`, holding at most one second's worth). A token taken from an empty bucket
 * is borrowed: the caller waits until it would have been refilled. One statement, atomic across
 * every worker of the fleet. The rate is read from the org row in that statement, so a changed
 * budget (`org update --requests-per-second`) applies to the very next request of every worker,
 * whatever they have cached.
 */
export async function takeRateToken(db: Kysely<Database>, orgId: string): Promise<RateTake> {
  const { rows } = await sql<{ tokens: number; rate: number; blocked_ms: number | null }>`
    with org as (select requests_per_second as rate from organizations where id = ${orgId})
    insert into org_rate_budgets as b (org_id, tokens, refilled_at)
    select ${orgId}, org.rate - 1, clock_timestamp() from org
    on conflict (org_id) do update set
      tokens = least((select rate from org),
                     b.tokens + extract(epoch from clock_timestamp() - b.refilled_at) * (select rate from org)) - 1,
      refilled_at = clock_timestamp()
    returning tokens, (select rate from org) as rate,
      (extract(epoch from (b.blocked_until - clock_timestamp())) * 1000)::double precision as blocked_ms`.execute(
    db,
  );
  const row = rows[0];
  if (!row) return { waitMs: 0 };
  const refillWaitMs = row.tokens < 0 ? (-row.tokens / row.rate) * 1000 : 0;
  return { waitMs: Math.max(refillWaitMs, row.blocked_ms ?? 0, 0) };
}

/** After a 429: no request of this organization goes out before `until`, from any worker. */
export async function blockRequestsUntil(db: Kysely<Database>, orgId: string, until: Date): Promise<void> {
  await sql`
    insert into org_rate_budgets as b (org_id, tokens, blocked_until) values (${orgId}, 0, ${until})
    on conflict (org_id) do update set blocked_until = greatest(b.blocked_until, excluded.blocked_until)`.execute(
    db,
  );
}
