import { mkdirSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hydrateLibrarySymlinks } from '../../devstack/postgres-binaries';

describe('hydrateLibrarySymlinks', () => {
  let nativeDir: string;
  beforeEach(() => {
    nativeDir = path.join(mkdtempSync(path.join(tmpdir(), 'pg-links-')), 'native');
    mkdirSync(path.join(nativeDir, 'lib'), { recursive: true });
    writeFileSync(path.join(nativeDir, 'lib', 'libicuuc.so.60.2'), 'library');
    writeFileSync(
      path.join(nativeDir, 'pg-symlinks.json'),
      JSON.stringify([
        { source: 'native/lib/libicuuc.so.60.2', target: 'native/lib/libicuuc.so.60' },
        { source: 'native/lib/libicuuc.so.60.2', target: 'native/lib/libicuuc.so' },
      ]),
    );
  });
  afterEach(() => rmSync(path.dirname(nativeDir), { recursive: true, force: true }));

  it('creates the listed library links, relative to their folder, and is idempotent', () => {
    hydrateLibrarySymlinks(nativeDir);
    hydrateLibrarySymlinks(nativeDir);
    expect(readlinkSync(path.join(nativeDir, 'lib', 'libicuuc.so.60'))).toBe('libicuuc.so.60.2');
    expect(readlinkSync(path.join(nativeDir, 'lib', 'libicuuc.so'))).toBe('libicuuc.so.60.2');
  });

  it('does nothing for a package without a link list', () => {
    rmSync(path.join(nativeDir, 'pg-symlinks.json'));
    expect(() => hydrateLibrarySymlinks(nativeDir)).not.toThrow();
  });
});
