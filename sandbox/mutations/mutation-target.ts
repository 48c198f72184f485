import { type Org } from '../org/org';
import { type RecordEvent } from '../org/record-event';
import { type OrgStats } from '../stats/sandbox-stats';

/** What a mutation changes and tells: an org, its counters, and the webhooks of its changes. */
export interface MutationTarget {
  readonly org: Org;
  readonly stats: OrgStats;
  notify(events: readonly RecordEvent[]): void;
}
