import { writeFileSync } from 'node:fs';
import { bundleWorkflowCode } from '@temporalio/worker';
import { prebuiltBundlePath } from './workflow-bundle';

/**
 * Build step: bundles the workflows once, so workers start fast and a workflow file that imports
 * something non-deterministic (a Node built-in, pg, …) fails the build instead of a worker.
 */
async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows') });
  writeFileSync(prebuiltBundlePath(), code);
  process.stdout.write(`workflow bundle: ${prebuiltBundlePath()} (${(code.length / 1024).toFixed(0)} KiB)\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `Bundling the workflows failed: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
