import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';

const root = path.resolve(__dirname, '../..');
const readJson = (file: string): unknown => JSON.parse(readFileSync(path.join(root, file), 'utf8'));

interface LockedPackage {
  readonly engines?: { readonly node?: string } | readonly string[];
}

/**
 * `npm ci` must install without an EBADENGINE warning on the oldest Node.js the README promises:
 * a dependency that needs a newer one gets pinned (package.json `overrides`) to a release that
 * supports ours, or the promise changes.
 */
describe('every locked dependency supports the Node.js version the project promises', () => {
  const project = readJson('package.json') as { engines: { node: string } };
  const oldestSupported = semver.minVersion(project.engines.node)!.version;
  const lock = readJson('package-lock.json') as { packages: Record<string, LockedPackage> };

  it('the README promises the same minimum as package.json', () => {
    const { major, minor } = semver.parse(oldestSupported)!;
    expect(readFileSync(path.join(root, 'README.md'), 'utf8')).toContain(`Node.js ≥ ${major}.${minor}`);
  });

  it(`installs on Node.js ${oldestSupported}`, () => {
    const unsupported = Object.entries(lock.packages)
      .filter(([name]) => name !== '')
      .flatMap(([name, locked]) => {
        const range = Array.isArray(locked.engines)
          ? undefined
          : (locked.engines as { node?: string } | undefined)?.node;
        return range && !semver.satisfies(oldestSupported, range) ? [`${name} (node ${range})`] : [];
      });
    expect(unsupported).toEqual([]);
  });
});
