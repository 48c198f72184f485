import { z } from 'zod';
import { ConfigError } from './config-error';
import { decodeSecretKey } from './secret-key';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const positiveInt = z.coerce.number().int().positive();

const postgresUrl = z
  .string()
  .url()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must be a postgres:// or postgresql:// URL');

const secretKey = z.string().transform((value, ctx) => {
  const decoded = decodeSecretKey(value);
  if (typeof decoded === 'string') {
    ctx.addIssue({ code: 'custom', message: decoded });
    return z.NEVER;
  }
  return decoded;
});

/** Every setting the processes read from the environment, with its default. */
/** Comma-separated test-only switches (see SYNC_ENGINE_UNSAFE_TEST_SWITCHES), parsed to a list. */
export const unsafeTestSwitches = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(['no-lookback', 'no-monotonic', 'no-reconcile-safety', 'no-receiver-recovery'])));
export type UnsafeTestSwitch = z.output<typeof unsafeTestSwitches>[number];

export const configSchema = z.object({
  DATABASE_URL: postgresUrl.optional(),
  TEMPORAL_ADDRESS: z.string().min(1).default('localhost:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TASK_QUEUE: z.string().min(1).default('sync-engine'),
  SYNC_ENGINE_SECRET_KEY: secretKey.optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  DATABASE_POOL_SIZE: positiveInt.default(10),
  /** Activity slots of a worker for latency-sensitive work (deltas, webhooks, decisions). */
  WORKER_MAX_CONCURRENT_ACTIVITIES: positiveInt.default(20),
  /** Activity slots of a worker for bulk page work (full syncs, reconciliation listings). */
  WORKER_MAX_CONCURRENT_BULK_ACTIVITIES: positiveInt.default(4),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: positiveInt.default(40),
  /** On SIGTERM, running activities get this long to finish before the worker exits. */
  WORKER_SHUTDOWN_GRACE_SECONDS: positiveInt.default(30),
  /** How long one activity call works through pages before handing back to its workflow. */
  SYNC_SLICE_SECONDS: positiveInt.default(30),
  /**
   * Full and delta syncs commit the pages fetched while the previous commit ran, up to this many
   * records, in one transaction: a busy database gets fewer, larger transactions.
   */
  SYNC_COMMIT_BATCH_RECORDS: z.coerce.number().int().min(1).max(50_000).default(2_000),
  /** Deltas re-read this far behind their watermark: covers late-visible writes at the source. */
  DELTA_LOOKBACK_SECONDS: z.coerce.number().int().nonnegative().default(300),
  /** Per-request timeout of API calls. */
  API_TIMEOUT_SECONDS: positiveInt.default(30),
  /** Port of a worker's Prometheus `/metrics` (0 = off). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).default(9464),
  /** Port of the webhook receiver (`sync-engine webhooks`). */
  WEBHOOK_PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  /**
   * Where the API reaches the webhook receiver from outside (a load balancer, an ingress), without
   * the path: `org show` prints `<this>/webhooks/<org id>` as the URL to give the provider.
   * Default: http://127.0.0.1:<WEBHOOK_PORT>.
   */
  WEBHOOK_PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .transform((value) => value.replace(/\/+$/, ''))
    .optional(),
  /** Webhook bodies larger than this are refused with 413. */
  WEBHOOK_MAX_BODY_BYTES: positiveInt.default(64 * 1024),
  /**
   * TEST ONLY: turns off a safety mechanism so the chaos suite can prove it catches the bug that
   * follows. Comma-separated: no-lookback, no-monotonic, no-reconcile-safety. Never set in production.
   */
  SYNC_ENGINE_UNSAFE_TEST_SWITCHES: unsafeTestSwitches.default([]),
  /** Webhooks whose timestamp is further than this from now are refused (replay protection). */
  WEBHOOK_TOLERANCE_SECONDS: positiveInt.default(300),
});

export type Config = z.output<typeof configSchema>;

/** Reads the configuration; a bad value throws a ConfigError naming the variable and the problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "unset", as in shells and Kubernetes manifests.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = configSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
}

/** The value of a setting that the current command cannot do without. */
export function requireSetting<K extends keyof Config>(
  config: Config,
  key: K,
  hint: string,
): NonNullable<Config[K]> {
  const value = config[key];
  if (value === undefined || value === null) throw new ConfigError([`${String(key)}: is not set (${hint})`]);
  return value;
}
