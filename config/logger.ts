import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/**
 * Paths that could carry secrets or record contents. Our own log calls never pass them; this is
 * the safety net for objects logged whole (errors with request options, configs, headers).
 */
const REDACTED_PATHS = [
  'token',
  'password',
  'credentials',
  'secret',
  'webhookSecret',
  'apiToken',
  'authorization',
  'headers.authorization',
  '*.token',
  '*.password',
  '*.credentials',
  '*.secret',
  '*.webhookSecret',
  '*.apiToken',
  '*.authorization',
  '*.headers.authorization',
  'record',
  'records',
  'payload',
  '*.record',
  '*.records',
  '*.payload',
];

export interface LoggerOptions {
  readonly level: string;
  /** Human-readable output; defaults to on when stdout is a terminal. */
  readonly pretty?: boolean;
  readonly name?: string;
  /** Where JSON lines go; stdout when unset. */
  readonly destination?: NodeJS.WritableStream;
}

/** JSON logs (one object a line) for machines; pretty lines in a terminal. */
export function createLogger(options: LoggerOptions): Logger {
  const settings = {
    level: options.level,
    name: options.name,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { pid: process.pid },
  };
  const wantPretty = options.pretty ?? process.stdout.isTTY;
  if (wantPretty)
    return pino(settings, pretty({ colorize: true, sync: true, destination: options.destination }));
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
