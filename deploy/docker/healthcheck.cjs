// @ts-check
/**
 * The image's HEALTHCHECK. One image runs every role, so this probes whichever sync-engine process
 * is the container's main process (read from /proc/1/cmdline):
 * - `worker`: GET /healthz on METRICS_PORT,
 * - `webhooks`: GET /readyz on its --port, else WEBHOOK_PORT,
 * - `sandbox`: a TCP connection to its --port;
 * and passes for one-shot commands (migrate, schedules apply, …), which serve nothing.
 * Ports come from the same configuration loader as the processes, so they cannot disagree.
 */
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');

const TIMEOUT_MS = 4000;
/** `sync-engine sandbox --port` default (test/deploy checks it against the command). */
const SANDBOX_DEFAULT_PORT = 4010;

/**
 * @typedef {{ kind: 'http', url: string } | { kind: 'tcp', port: number }} Probe
 * @typedef {{ METRICS_PORT: number, WEBHOOK_PORT: number }} Ports
 */

/**
 * What to probe for a container whose main process has this command line, or undefined when
 * there is nothing to probe.
 * @param {readonly string[]} argv e.g. ['/sbin/docker-init', '--', 'node', 'bin/sync-engine.js', 'worker']
 * @param {Ports} ports
 * @returns {Probe | undefined}
 */
function probeFor(argv, ports) {
  const cli = argv.findIndex((arg) => /(^|\/)sync-engine(\.js)?$/.test(arg));
  if (cli === -1) return undefined;
  const args = argv.slice(cli + 1);
  switch (args[0]) {
    case 'worker':
      return ports.METRICS_PORT === 0
        ? undefined
        : { kind: 'http', url: `http://127.0.0.1:${ports.METRICS_PORT}/healthz` };
    case 'webhooks': {
      const port = Number(optionValue(args, '--port') ?? ports.WEBHOOK_PORT);
      return port > 0 ? { kind: 'http', url: `http://127.0.0.1:${port}/readyz` } : undefined;
    }
    case 'sandbox': {
      const port = optionValue(args, '--port');
      const number = port === undefined ? SANDBOX_DEFAULT_PORT : Number(port);
      return number > 0 ? { kind: 'tcp', port: number } : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The value of an option given as `--name value` or `--name=value`.
 * @param {readonly string[]} args
 * @param {string} name
 * @returns {string | undefined}
 */
function optionValue(args, name) {
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (arg === name) return args[index + 1];
    if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
  }
  return undefined;
}

/**
 * Resolves when the probe succeeds; rejects with the reason otherwise.
 * @param {Probe} probe
 * @returns {Promise<void>}
 */
function runProbe(probe) {
  return new Promise((resolve, reject) => {
    if (probe.kind === 'tcp') {
      const socket = net.connect({ host: '127.0.0.1', port: probe.port, timeout: TIMEOUT_MS });
      socket.once('connect', () => {
        socket.end();
        resolve();
      });
      socket.once('timeout', () => socket.destroy(new Error(`no connection to port ${probe.port}`)));
      socket.once('error', reject);
      return;
    }
    const request = http.get(probe.url, { timeout: TIMEOUT_MS }, (response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      if (status >= 200 && status < 300) resolve();
      else reject(new Error(`${probe.url} answered ${status}`));
    });
    request.once('timeout', () => request.destroy(new Error(`${probe.url} timed out`)));
    request.once('error', reject);
  });
}

/** @returns {Ports} */
function configuredPorts() {
  /** @type {{ loadConfig: (env: NodeJS.ProcessEnv) => Ports }} */
  const config = require(path.join(__dirname, '..', '..', 'dist', 'config', 'config.js'));
  return config.loadConfig(process.env);
}

async function main() {
  const argv = fs.readFileSync('/proc/1/cmdline', 'utf8').split('\0').filter(Boolean);
  const probe = probeFor(argv, configuredPorts());
  if (probe) await runProbe(probe);
}

module.exports = { probeFor, optionValue, SANDBOX_DEFAULT_PORT };

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(`unhealthy: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
