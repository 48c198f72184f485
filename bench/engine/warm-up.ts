import type { BenchStack } from '../stack/bench-stack';
import { type BenchOrg, createBenchOrgs } from './bench-orgs';
import { runSyncs } from './run-syncs';

const WARM_UP_ORGS = 4;
const WARM_UP_RECORDS = 200;

/** The warm-up orgs of each stack, created on first use. */
const warmUpOrgs = new WeakMap<BenchStack, Promise<BenchOrg[]>>();

/**
 * Runs a few small full syncs and deltas on freshly started workers, so that measurements see
 * warm workers, as a running fleet has: workflow code loaded, connections open, code compiled.
 * Several at once, so that every worker of a fleet of two gets some.
 */
export async function warmUpWorkers(stack: BenchStack): Promise<void> {
  let orgs = warmUpOrgs.get(stack);
  if (!orgs) warmUpOrgs.set(stack, (orgs = createBenchOrgs(stack, 'warm-up', WARM_UP_ORGS, WARM_UP_RECORDS)));
  const ids = (await orgs).map((org) => org.orgId);
  await runSyncs(stack, 'full', ids);
  await runSyncs(stack, 'delta', ids);
}
