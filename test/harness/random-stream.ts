import { seededRandom } from '../../devstack/seeded-random';
import type { MutateRequest, SandboxAdminClient } from '../../sandbox';

/** What happens between two syncs of a random stream. */
export type StreamStep =
  | { readonly kind: 'mutate'; readonly batch: MutateRequest }
  | { readonly kind: 'corrupt'; readonly entity: 'people' | 'departments'; readonly count: number }
  | { readonly kind: 'delta' }
  | { readonly kind: 'reconcile' };

/**
 * A random stream of source changes (creates, updates, deletes, re-creations, ties, late writes,
 * corruptions) interleaved with deltas and reconciliations, determined by the seed.
 */
export function randomStream(seed: number, length = 6): StreamStep[] {
  const random = seededRandom(seed);
  const upTo = (n: number) => Math.floor(random() * (n + 1));
  const steps: StreamStep[] = [];
  for (let i = 0; i < length; i++) {
    const roll = random();
    if (roll < 0.55) {
      steps.push({
        kind: 'mutate',
        batch: {
          creates: upTo(6),
          updates: upTo(12),
          deletes: upTo(4),
          recreates: upTo(2),
          tieBurst: upTo(8),
          late: upTo(3),
          lateMs: 30_000,
        },
      });
    } else if (roll < 0.65) {
      steps.push({ kind: 'corrupt', entity: random() < 0.5 ? 'people' : 'departments', count: 1 + upTo(2) });
    } else if (roll < 0.9) {
      steps.push({ kind: 'delta' });
    } else {
      steps.push({ kind: 'reconcile' });
    }
  }
  return steps;
}

/** Applies a source-side step to the sandbox; returns false for sync steps (the caller runs those). */
export async function applySourceStep(
  admin: SandboxAdminClient,
  sandboxOrgId: string,
  step: StreamStep,
): Promise<boolean> {
  if (step.kind === 'mutate') await admin.mutate(sandboxOrgId, step.batch);
  else if (step.kind === 'corrupt')
    await admin.corrupt(sandboxOrgId, { entity: step.entity, count: step.count });
  else return false;
  return true;
}
