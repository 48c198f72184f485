#!/usr/bin/env node
// @ts-check
/**
 * Runs one command and stops it when the process that started us goes away.
 *
 * Usage: node watchdog.cjs [--stop-signal SIGINT] [--uid N --gid N] -- command [args...]
 *
 * The parent keeps our stdin open as a pipe. The pipe closes when the parent exits for any reason
 * (normal exit, crash, SIGKILL, an interrupted jest run), and we then stop the child. That is how
 * test runs and `sync-engine dev` leave no server behind, which no exit handler alone can promise.
 */
'use strict';
const { spawn } = require('node:child_process');

const GRACE_MS = 10_000;

/** @param {string[]} argv */
function parseArgs(argv) {
  const separator = argv.indexOf('--');
  if (separator < 0 || separator === argv.length - 1) {
    throw new Error('usage: watchdog.cjs [--stop-signal SIG] [--uid N --gid N] -- command [args...]');
  }
  const options = argv.slice(0, separator);
  const value = (/** @type {string} */ name) => {
    const index = options.indexOf(name);
    return index >= 0 ? options[index + 1] : undefined;
  };
  const uid = value('--uid');
  const gid = value('--gid');
  return {
    stopSignal: /** @type {NodeJS.Signals} */ (value('--stop-signal') ?? 'SIGTERM'),
    uid: uid === undefined ? undefined : Number(uid),
    gid: gid === undefined ? undefined : Number(gid),
    command: /** @type {string} */ (argv[separator + 1]),
    args: argv.slice(separator + 2),
  };
}

function main() {
  const { stopSignal, uid, gid, command, args } = parseArgs(process.argv.slice(2));
  const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], uid, gid });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    child.kill(stopSignal);
    setTimeout(() => child.kill('SIGKILL'), GRACE_MS).unref();
  };
  child.on('error', (err) => {
    console.error(`watchdog: cannot start ${command}: ${err.message}`);
    process.exit(127);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
