import { z } from 'zod';
import { isWebhookSecret, ORG_TOKEN } from './core/credentials';
import { CONNECTOR_NAMES, type ConnectorName } from './entities/connectors';
import { ENTITY_NAMES, type EntityName } from './entities/entity-definition';

/**
 * The admin API's request bodies (zod, validated by the server) and answers (types, for the admin
 * client). Documented in `sandbox/README.md`.
 */

/** The admin bearer token unless one is set. */
export const DEFAULT_ADMIN_TOKEN = 'sandbox-admin';

export const PAGINATION_STYLES = ['cursor', 'link', 'page'] as const;
export type PaginationStyle = (typeof PAGINATION_STYLES)[number];

/** Records an org may be created with (ids have 7 digits; creates need headroom). */
export const MAX_RECORDS_PER_ORG = 5_000_000;
/** Mutations of one kind in one `mutate` call. */
const MAX_MUTATIONS = 100_000;

const share = z.number().min(0).max(1);
const count = z.number().int().min(0).max(MAX_MUTATIONS);
const milliseconds = z.number().int().min(0).max(3_600_000);

export const orgId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "_" or "-"');
export const orgToken = z
  .string()
  .regex(ORG_TOKEN, 'must be 16-200 URL-safe characters (letters, digits, "-", "_", ".", "~")');
export const webhookSecret = z
  .string()
  .refine(isWebhookSecret, 'must be a Standard Webhooks secret: "whsec_" and 24-64 bytes in base64');

export const createOrgBody = z.strictObject({
  id: orgId.optional(),
  connector: z.enum(CONNECTOR_NAMES),
  records: z.number().int().min(1).max(MAX_RECORDS_PER_ORG),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  pagination: z.enum(PAGINATION_STYLES).optional(),
  /** Default: a new random one. Lets a caller recreate an org with credentials it keeps. */
  token: orgToken.optional(),
  /** Default: a new random one. */
  webhookSecret: webhookSecret.optional(),
});
export type CreateOrgRequest = z.input<typeof createOrgBody>;

export const faultSettings = z.strictObject({
  rate429: share,
  retryAfterSeconds: z.number().int().min(0).max(86_400),
  retryAfterStyle: z.enum(['seconds', 'http-date']),
  rate5xx: share,
  rateReset: share,
  rateSlow: share,
  slowMs: milliseconds,
  rateTimeout: share,
  rateTruncated: share,
});
export type FaultSettings = z.output<typeof faultSettings>;

/** Attempts per delivery that a sender may be given: real providers make a handful, a few hundred at most. */
export const MAX_WEBHOOK_ATTEMPTS = 100;

/** How an org's deliveries are retried: attempt n + 1 waits `min(max, base * 2^(n-1))`, with jitter. */
export const webhookRetry = z
  .strictObject({
    /** Attempts per delivery, the first included. */
    maxAttempts: z.number().int().min(1).max(MAX_WEBHOOK_ATTEMPTS),
    baseBackoffMs: milliseconds,
    maxBackoffMs: milliseconds,
  })
  .refine((retry) => retry.maxBackoffMs >= retry.baseBackoffMs, {
    message: 'maxBackoffMs must be at least baseBackoffMs',
    path: ['maxBackoffMs'],
  });
export type WebhookRetry = z.output<typeof webhookRetry>;

export const webhookSettings = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).nullable(),
  duplicateRate: share,
  reorder: z.boolean(),
  delayMs: milliseconds,
  maxDelayMs: milliseconds,
  /** null: the sandbox's default budget (its `webhookDelivery` option). */
  retry: webhookRetry.nullable(),
});
export type WebhookSettings = z.output<typeof webhookSettings>;

export const mutationSettings = z.strictObject({
  perMinute: z.number().min(0).max(600_000),
  lateMs: milliseconds,
  tieBurstEvery: z.number().int().min(0).max(1_000_000),
});
export type MutationSettings = z.output<typeof mutationSettings>;

export const patchOrgBody = z.strictObject({
  pagination: z.enum(PAGINATION_STYLES).optional(),
  faults: faultSettings.partial().optional(),
  webhooks: webhookSettings.partial().optional(),
  mutations: mutationSettings.partial().optional(),
});
export type PatchOrgRequest = z.input<typeof patchOrgBody>;

export const mutateBody = z.strictObject({
  creates: count.optional(),
  updates: count.optional(),
  deletes: count.optional(),
  recreates: count.optional(),
  tieBurst: count.optional(),
  late: count.optional(),
  lateMs: milliseconds.min(1).optional(),
  entity: z.enum(ENTITY_NAMES).optional(),
  /** Delete exactly these live records of `entity` (for tests that need a known deletion). */
  deleteIds: z.array(z.string()).max(MAX_MUTATIONS).optional(),
  /** Update exactly these live records of `entity` (hot records that change again and again). */
  updateIds: z.array(z.string()).max(MAX_MUTATIONS).optional(),
});
export type MutateRequest = z.input<typeof mutateBody>;

export const corruptBody = z.strictObject({
  entity: z.enum(ENTITY_NAMES),
  count: z.number().int().min(1).max(MAX_MUTATIONS),
});
export type CorruptRequest = z.input<typeof corruptBody>;

export const truthQuery = z.object({
  format: z.enum(['records', 'ids']).default('records'),
});

/** What an org's users need: its id, credentials and API style. */
export interface OrgCredentials {
  readonly id: string;
  readonly token: string;
  readonly webhookSecret: string;
  readonly connector: ConnectorName;
  readonly pagination: PaginationStyle;
}

/** An org as `GET /admin/orgs` and `PATCH /admin/orgs/:org` describe it. */
export interface OrgSummary extends OrgCredentials {
  readonly seed: number;
  /** Live records per entity. */
  readonly records: Partial<Record<EntityName, number>>;
  readonly faults: FaultSettings;
  readonly webhooks: WebhookSettings;
  readonly mutations: MutationSettings;
}

/** Ids affected by one `mutate` call, by kind (an id's prefix names its entity). */
export interface MutationResult {
  readonly created: string[];
  readonly updated: string[];
  readonly deleted: string[];
  readonly recreated: string[];
  readonly tieBurst: string[];
  readonly late: string[];
  /** The one updated_at the tie burst shares; null without a burst. */
  readonly tieUpdatedAt: string | null;
}

export interface CorruptResult {
  readonly corrupted: string[];
}

export interface FixResult {
  readonly fixed: string[];
}

/** One line of `GET /admin/orgs/:org/truth/:entity?format=ids`. */
export interface TruthId {
  readonly id: string;
  readonly updated_at: string;
}

/** Reads a zod failure as one line naming each field. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ');
}
