import { type EntityName } from '../entities/entity-definition';
import { type OrgState } from '../org/org';
import { type EntityStoreSnapshot } from '../store/entity-store-snapshot';

/** One org of a saved sandbox: its settings and generators, and each entity's store. */
export interface SavedOrg {
  readonly org: OrgState;
  /** In the connector's entity order. */
  readonly stores: ReadonlyMap<EntityName, EntityStoreSnapshot>;
}

/** Everything a sandbox needs to go on where it stopped (counters and pending webhooks apart). */
export interface SandboxSnapshot {
  /** Orgs created so far, deleted or not: the next default seed follows from it. */
  readonly orgsCreated: number;
  readonly orgs: readonly SavedOrg[];
}
