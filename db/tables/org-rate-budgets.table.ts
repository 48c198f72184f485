import type { Generated, Selectable } from 'kysely';

/** Token bucket of an organization's API requests, shared across workers. */
export interface OrgRateBudgetsTable {
  org_id: string;
  tokens: number;
  refilled_at: Generated<Date>;
  /** Set from a 429's Retry-After: no request to this org's API before then. */
  blocked_until: Date | null;
}

export type OrgRateBudget = Selectable<OrgRateBudgetsTable>;
