import { z } from 'zod';
import { SandboxAdminClient } from './admin-client';
import {
  createOrgBody,
  DEFAULT_ADMIN_TOKEN,
  describeIssues,
  type OrgCredentials,
  type PaginationStyle,
} from './admin-api';
import { type ConnectorName } from './entities/connectors';
import { SandboxOptionsError } from './errors';
import { DEFAULT_STATE_SAVE_INTERVAL_MS, StateKeeper } from './persistence/state-keeper';
import { credentialsOf, freeOrgId, SandboxState } from './sandbox-state';
import { buildServer } from './server/build-server';
import { DEFAULT_WEBHOOK_DELIVERY, type WebhookDeliveryOptions } from './webhooks/webhook-sender';

export { SandboxAdminClient } from './admin-client';
export * from './admin-api';
export { type SandboxStatsSnapshot, type OrgStats, type WebhookCounters } from './stats/sandbox-stats';
export { type RefusalWindow, type WebhookRefusals } from './stats/webhook-refusals';
export { SandboxAdminError, SandboxOptionsError, SandboxStateFileError } from './errors';
export { STATE_FILE_FORMAT } from './persistence/state-file-format';
export { CONNECTOR_NAMES, CONNECTOR_ENTITIES, type ConnectorName } from './entities/connectors';
export { ENTITY_NAMES, type EntityName } from './entities/entity-definition';

export interface SandboxOrgOptions {
  /** Default `org1`, `org2`, … */
  readonly id?: string;
  readonly connector: ConnectorName;
  readonly records: number;
  /** Default `cursor`. */
  readonly pagination?: PaginationStyle;
  /** Default: the sandbox seed plus the org's index (0-based). */
  readonly seed?: number;
  /** Default: a new random one. 16–200 URL-safe characters. */
  readonly token?: string;
  /** Default: a new random one. `whsec_` and 24–64 bytes in base64 (Standard Webhooks). */
  readonly webhookSecret?: string;
}

export interface StartSandboxOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default 1. */
  readonly seed?: number;
  /**
   * Orgs to create before listening; more can be created with the admin API. With a state file,
   * those it holds already (by id; without an id, by the `orgN` a new sandbox would give it) are
   * resumed as saved instead.
   */
  readonly orgs?: readonly SandboxOrgOptions[];
  /** Default `sandbox-admin`. */
  readonly adminToken?: string;
  /** Time of mutations, in ms since epoch (default `Date.now`); keep it after 2025-01-01. */
  readonly clock?: () => number;
  /** Webhook sending limits (concurrency, queue bound, attempts, backoff). */
  readonly webhookDelivery?: Partial<WebhookDeliveryOptions>;
  /**
   * Where the sandbox keeps its state across runs: when the file exists, the sandbox resumes from it
   * (orgs, credentials, settings, records, mutation generators) instead of seeding; it is saved
   * before listening, every `stateSaveIntervalMs` when anything changed, and on `stop()`.
   */
  readonly stateFile?: string;
  /** Default 10 000. */
  readonly stateSaveIntervalMs?: number;
}

export interface RunningSandbox {
  /** e.g. `http://127.0.0.1:40123` */
  readonly url: string;
  /** Every org at start: those resumed from the state file, then those created. */
  readonly orgs: readonly OrgCredentials[];
  /** Whether it started from its state file rather than seeding. */
  readonly resumed: boolean;
  readonly adminToken: string;
  readonly admin: SandboxAdminClient;
  stop(): Promise<void>;
}

const options = z.strictObject({
  port: z.number().int().min(0).max(65_535).default(0),
  host: z.string().min(1).default('127.0.0.1'),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(1),
  orgs: z.array(createOrgBody).default([]),
  adminToken: z.string().min(1).default(DEFAULT_ADMIN_TOKEN),
  clock: z.custom<() => number>((value) => typeof value === 'function').default(() => Date.now),
  webhookDelivery: z.record(z.string(), z.number().int().min(1)).default({}),
  stateFile: z.string().min(1).optional(),
  stateSaveIntervalMs: z.number().int().min(1).default(DEFAULT_STATE_SAVE_INTERVAL_MS),
});

/**
 * Starts the sandbox API in this process.
 *
 * @example
 * const sandbox = await startSandbox({ orgs: [{ connector: 'hr', records: 1000 }] });
 * const [org] = sandbox.orgs; // org.token authorises GET `${sandbox.url}/v1/people`
 * await sandbox.stop();
 */
export async function startSandbox(input: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const parsed = options.safeParse(input);
  if (!parsed.success) throw new SandboxOptionsError(describeIssues(parsed.error));
  const { port, host, seed, orgs, adminToken, clock, stateFile, stateSaveIntervalMs } = parsed.data;
  const state = new SandboxState({
    seed,
    adminToken,
    clock,
    webhookDelivery: { ...DEFAULT_WEBHOOK_DELIVERY, ...input.webhookDelivery },
  });
  const keeper = stateFile === undefined ? undefined : new StateKeeper(stateFile, state);
  const app = buildServer(state);
  try {
    const resumed = (await keeper?.resume()) ?? false;
    for (const org of withIds(orgs)) if (!state.has(org.id)) state.createOrg(org);
    // On disk before anyone sees a credential, so a crash right after start loses none.
    await keeper?.save();
    await app.listen({ port, host });
    keeper?.start(stateSaveIntervalMs);
    const address = app.server.address();
    const boundPort = typeof address === 'object' && address ? address.port : port;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`;
    const admin = new SandboxAdminClient(url, adminToken);
    let stopped: Promise<void> | undefined;
    const stopOnce = async () => {
      await admin.close();
      await app.close();
      await state.close();
      await keeper?.stop();
    };
    return {
      url,
      orgs: [...state.tenants].map(credentialsOf),
      resumed,
      adminToken,
      admin,
      stop: () => (stopped ??= stopOnce()),
    };
  } catch (err) {
    await app.close();
    await state.close();
    throw err;
  }
}

/** Orgs with the ids a new sandbox would give them, so that a resumed one finds them again. */
function withIds<T extends { readonly id?: string | undefined }>(orgs: readonly T[]): (T & { id: string })[] {
  const taken = new Set<string>();
  return orgs.map((org) => {
    const id = org.id ?? freeOrgId(taken);
    taken.add(id);
    return { ...org, id };
  });
}
