#!/usr/bin/env node
// The `sync-engine` command: runs the compiled CLI (`npm ci` builds it; `npm run build` refreshes it).
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const compiled = path.join(__dirname, '..', 'dist', 'client', 'cli', 'main.js');
if (!fs.existsSync(compiled)) {
  console.error(
    'sync-engine is not built yet: run `npm ci` (or `npm run build`) in ' + path.dirname(__dirname),
  );
  process.exit(1);
}
/** @type {{ main: () => Promise<number> }} */
const cli = require(compiled);
void cli.main().then((code) => process.exit(code));
