import { withEntityTables } from '../harness/entity-tables';
import type { Kysely } from 'kysely';
import pino, { type Logger } from 'pino';
import { pollUntil } from '../../devstack/poll';
import { request } from 'undici';
import {
  type RunningWebhookReceiver,
  startWebhookReceiver,
  WEBHOOK_OUTCOMES,
  type WebhookOutcome,
  type WebhookReceiverOptions,
} from '../../client/webhooks';
import { createDatabase } from '../../db/connection';
import type { Database } from '../../db/database';
import { recordSyncWorkflowId } from '../../workflows/shared/workflow-ids';
import type { EngineStack } from '../harness/engine-stack';
import { testStack } from '../harness/test-stack';
import { TcpProxy } from './tcp-proxy';

export const TEST_MAX_BODY_BYTES = 2_048;
export const TEST_TOLERANCE_SECONDS = 300;

/** A receiver on a free loopback port, on the stack's database and task queue. */
export function startTestReceiver(
  stack: EngineStack,
  overrides: Partial<WebhookReceiverOptions> = {},
): Promise<RunningWebhookReceiver> {
  return startWebhookReceiver({
    db: stack.testDb.db,
    cipher: stack.cipher,
    temporal: { address: testStack().temporalAddress, namespace: stack.env.namespace ?? 'default' },
    taskQueue: stack.taskQueue,
    port: 0,
    host: '127.0.0.1',
    maxBodyBytes: TEST_MAX_BODY_BYTES,
    toleranceSeconds: TEST_TOLERANCE_SECONDS,
    logger: silentLogger(),
    dependencyTimeoutMs: 2_000,
    ...overrides,
  });
}

export const silentLogger = (): Logger => pino({ level: 'silent' });

/** GETs a path of the receiver: status and body text. */
export async function getPath(receiver: RunningWebhookReceiver, path: string) {
  const response = await request(`${receiver.url}${path}`);
  return { status: response.statusCode, text: await response.body.text() };
}

/** The receiver's outcome counters, read from its `/metrics` as Prometheus would. */
export async function outcomeCounts(
  receiver: RunningWebhookReceiver,
): Promise<Record<WebhookOutcome, number>> {
  const { text } = await getPath(receiver, '/metrics');
  const outcomes = Object.keys(WEBHOOK_OUTCOMES) as WebhookOutcome[];
  return Object.fromEntries(
    outcomes.map((outcome) => {
      const line = new RegExp(`^sync_engine_webhooks_total\\{outcome="${outcome}"\\} (\\d+)$`, 'm').exec(
        text,
      );
      return [outcome, Number(line?.[1] ?? 0)];
    }),
  ) as Record<WebhookOutcome, number>;
}

/** Whether a record-sync workflow was ever started for the org. */
export async function recordSyncExists(stack: EngineStack, orgId: string): Promise<boolean> {
  try {
    await stack.client.workflow.getHandle(recordSyncWorkflowId(orgId)).describe();
    return true;
  } catch (err) {
    if ((err as Error).name === 'WorkflowNotFoundError') return false;
    throw err;
  }
}

/** The `recordChanged` signals in the org's record-sync history. */
export async function recordChangedSignals(stack: EngineStack, orgId: string): Promise<unknown[]> {
  const history = await stack.client.workflow.getHandle(recordSyncWorkflowId(orgId)).fetchHistory();
  return (history.events ?? [])
    .map((event) => event.workflowExecutionSignaledEventAttributes)
    .filter((signal) => signal?.signalName === 'recordChanged');
}

/** Updates one person at the sandbox (which sends its webhook); returns its id and new updated_at. */
export async function updatePersonAtSource(
  stack: EngineStack,
  sandboxOrgId: string,
): Promise<{ readonly id: string; readonly updatedAt: Date }> {
  const { updated } = await stack.sandbox.admin.mutate(sandboxOrgId, { entity: 'people', updates: 1 });
  const id = updated[0]!;
  for await (const record of stack.sandbox.admin.truthIds(sandboxOrgId, 'people'))
    if (record.id === id) return { id, updatedAt: new Date(record.updated_at) };
  throw new Error(`${id} is not at the source`);
}

/** Polls until the org's row of the person holds `updatedAt` (the record sync stored it). */
export async function waitForStoredPerson(
  stack: EngineStack,
  orgId: string,
  person: { readonly id: string; readonly updatedAt: Date },
): Promise<void> {
  await pollUntil(
    async () => {
      const row = await withEntityTables(stack.testDb.db)
        .selectFrom('hr_people')
        .select('source_updated_at')
        .where('org_id', '=', orgId)
        .where('external_id', '=', person.id)
        .executeTakeFirst();
      return row?.source_updated_at.getTime() === person.updatedAt.getTime();
    },
    { description: `${person.id} to reach hr_people with its new updated_at`, timeoutMs: 30_000 },
  );
}

/** Polls until the sandbox counts `delivered` webhooks of the org; returns its webhook counters. */
export function waitForDelivered(stack: EngineStack, sandboxOrgId: string, delivered: number) {
  return pollUntil(
    async () => {
      const counters = (await stack.sandbox.admin.stats()).orgs[sandboxOrgId]?.webhooks;
      return counters?.delivered === delivered && counters;
    },
    { description: `the sandbox to count ${delivered} delivered webhook(s)`, timeoutMs: 10_000 },
  );
}

/** The org's inbox rows in acceptance order: webhook-id and whether it was forwarded. */
export async function inboxRows(
  stack: EngineStack,
  orgId: string,
): Promise<{ readonly webhookId: string; readonly forwarded: boolean }[]> {
  const rows = await stack.testDb.db
    .selectFrom('webhook_inbox')
    .select(['webhook_id', 'forwarded_at'])
    .where('org_id', '=', orgId)
    .orderBy('seq')
    .execute();
  return rows.map((row) => ({ webhookId: row.webhook_id, forwarded: row.forwarded_at !== null }));
}

/** Polls until every inbox row of the org is forwarded (and there are `count` of them). */
export async function waitForAllForwarded(stack: EngineStack, orgId: string, count: number): Promise<void> {
  await pollUntil(
    async () => {
      const rows = await inboxRows(stack, orgId);
      return rows.length === count && rows.every((row) => row.forwarded);
    },
    { description: `${count} inbox row(s) of ${orgId} to be forwarded`, timeoutMs: 15_000, intervalMs: 50 },
  );
}

/**
 * Polls until the org's record-sync history holds `count` `recordChanged` signals (Temporal writes
 * signals that arrive during a workflow task to history once it completes); returns their record
 * ids in the order the workflow received them.
 */
export function waitForSignalledRecordIds(
  stack: EngineStack,
  orgId: string,
  count: number,
): Promise<string[]> {
  return pollUntil(
    async () => {
      const ids = await signalledRecordIds(stack, orgId);
      return ids.length >= count && ids;
    },
    {
      description: `${count} recordChanged signal(s) in the history of ${orgId}`,
      timeoutMs: 10_000,
      intervalMs: 50,
    },
  );
}

async function signalledRecordIds(stack: EngineStack, orgId: string): Promise<string[]> {
  const signals = (await recordChangedSignals(stack, orgId)) as {
    input?: { payloads?: { data?: Uint8Array | null }[] | null } | null;
  }[];
  return signals.map((signal) => {
    const data = signal.input?.payloads?.[0]?.data;
    return (JSON.parse(Buffer.from(data ?? new Uint8Array()).toString('utf8')) as { id: string }).id;
  });
}

/** A database handle on the stack's database that goes through a TCP proxy the test can cut. */
export async function databaseThroughProxy(
  stack: EngineStack,
  poolSize: number,
): Promise<{ readonly proxy: TcpProxy; readonly db: Kysely<Database> }> {
  const url = new URL(stack.testDb.url);
  const proxy = await TcpProxy.start(`${url.hostname}:${url.port || '5432'}`);
  url.host = proxy.address;
  return { proxy, db: createDatabase({ url: url.toString(), poolSize }) };
}
