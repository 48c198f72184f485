import { existsSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config/project-root.cjs';

/** Where `npm run build` writes the pre-bundled workflow code. */
export function prebuiltBundlePath(): string {
  return path.join(projectRoot(), 'dist', 'workflow-bundle.js');
}

/**
 * The workflow code a worker runs: the prebuilt bundle when there is one (fast start, and exactly
 * what CI checked), else the workflows' source, bundled at start.
 */
export function workflowSource(): { readonly bundlePath: string } | { readonly workflowsPath: string } {
  const override = process.env.WORKFLOW_BUNDLE_PATH;
  if (override) return { bundlePath: override };
  const prebuilt = prebuiltBundlePath();
  if (existsSync(prebuilt)) return { bundlePath: prebuilt };
  return { workflowsPath: require.resolve('../workflows') };
}
