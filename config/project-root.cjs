// @ts-check
/**
 * The project's folder and version, whether code runs from source or from `dist/`.
 * CommonJS so that the postinstall script (which runs before TypeScript is built) can use it too.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** @type {{ root: string, version: string } | undefined} */
let cached;

function findProject() {
  if (cached) return cached;
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!fs.existsSync(manifest)) continue;
    const pkg = /** @type {{ name?: string, version?: string }} */ (
      JSON.parse(fs.readFileSync(manifest, 'utf8'))
    );
    if (pkg.name === 'sync-engine') return (cached = { root: dir, version: String(pkg.version) });
  }
  throw new Error(`Cannot find the sync-engine package.json above ${__dirname}`);
}

/** @returns {string} */
const projectRoot = () => findProject().root;
/** @returns {string} */
const projectVersion = () => findProject().version;

module.exports = { projectRoot, projectVersion };
