import { z } from 'zod';

/**
 * The shapes of every `--json` output: the contract scripts rely on. Commands validate what they
 * print against these, and tests parse real outputs with them.
 */
const isoTime = z.string().datetime({ offset: true });

export const organizationOutput = z.object({
  id: z.string(),
  name: z.string(),
  connector: z.string(),
  apiUrl: z.string(),
  timezone: z.string(),
  reconcileHour: z.number().int(),
  requestsPerSecond: z.number(),
  removed: z.boolean(),
  createdAt: isoTime,
});
export const orgListOutput = z.array(organizationOutput);

export const startedSyncOutput = z.object({
  workflowId: z.string(),
  runId: z.string(),
  coalesced: z.boolean(),
});

export const orgAddOutput = z.object({
  organization: organizationOutput,
  schedules: z.array(z.string()),
  initialSync: startedSyncOutput,
});

export const orgRemoveOutput = z.object({
  orgId: z.string(),
  schedulesDeleted: z.array(z.string()),
  workflowsTerminated: z.array(z.string()),
  purged: z.boolean(),
});

const counts = {
  fetched: z.number(),
  upserted: z.number(),
  unchanged: z.number(),
  quarantined: z.number(),
  deleted: z.number(),
  revived: z.number(),
};
const entityProgressOutput = z.object({
  ...counts,
  phase: z.string(),
  pages: z.number(),
  cursor: z.string().nullable(),
  note: z.string().nullable(),
});
export const syncProgressOutput = z.object({
  orgId: z.string(),
  kind: z.string(),
  syncId: z.string(),
  status: z.enum(['running', 'succeeded', 'failed', 'cancelled', 'skipped', 'held']),
  entities: z.record(z.string(), entityProgressOutput),
});
/** A running sync's progress with what its activities committed since (see `readSyncProgress`). */
const liveSyncProgressOutput = syncProgressOutput.extend({
  entities: z.record(z.string(), entityProgressOutput.extend({ expected: z.number().nullable() })),
});

export const syncOutput = startedSyncOutput.extend({ outcome: syncProgressOutput.optional() });

export const syncCancelOutput = z.object({
  workflowId: z.string(),
  runId: z.string(),
  status: z.enum(['cancelled', 'completed', 'failed', 'terminated', 'running']),
});

const scheduleState = z.object({
  scheduleId: z.string(),
  paused: z.boolean(),
  note: z.string().nullable(),
  nextRunAt: isoTime.nullable(),
  lastRunAt: isoTime.nullable(),
});
export const schedulesListOutput = z.array(
  scheduleState.extend({ orgId: z.string(), kind: z.enum(['delta', 'reconcile']) }),
);
export const schedulesApplyOutput = z.object({
  created: z.array(z.string()),
  updated: z.array(z.string()),
  deleted: z.array(z.string()),
  unchanged: z.array(z.string()),
});

/** Stored rows of one entity of an org: live, and soft-deleted (gone at the source). */
const recordCounts = z.object({ live: z.number().int(), deleted: z.number().int() });

export const orgShowOutput = organizationOutput.extend({
  /** The URL to give the API provider for this org's webhooks. */
  webhookUrl: z.string(),
  /** Whether a webhook secret is stored (the secret itself is never printed). */
  webhookSecretSet: z.boolean(),
  updatedAt: isoTime,
  schedules: z.array(scheduleState),
  entities: z.array(recordCounts.extend({ entity: z.string() })),
});

export const orgUpdateOutput = z.object({
  organization: organizationOutput,
  changed: z.array(z.string()),
  schedulesUpdated: z.array(z.string()),
});

export const statusOutput = z.object({
  organizations: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      connector: z.string(),
      removed: z.boolean(),
      schedules: z.array(scheduleState),
      running: z.array(
        z.object({
          workflowId: z.string(),
          kind: z.string().nullable(),
          startedAt: isoTime,
          /** Null for a workflow that answers no progress query (a record sync) or did not answer. */
          progress: liveSyncProgressOutput.nullable(),
        }),
      ),
      entities: z.array(
        z.object({
          entity: z.string(),
          lastSuccess: z.object({
            full: isoTime.nullable(),
            delta: isoTime.nullable(),
            reconcile: isoTime.nullable(),
          }),
          lastFailure: z.object({ kind: z.string(), at: isoTime, error: z.string().nullable() }).nullable(),
          heldDeletions: z.object({ at: isoTime, detail: z.string().nullable() }).nullable(),
          quarantined: z.number().int(),
          records: recordCounts,
        }),
      ),
    }),
  ),
});

const differenceClass = z.object({
  drift: z.number().int(),
  pending: z.number().int(),
  quarantined: z.number().int(),
  samples: z.array(z.string()),
});
export const verifyOutput = z.object({
  orgId: z.string(),
  deep: z.boolean(),
  drift: z.number().int(),
  pending: z.number().int(),
  entities: z.array(
    z.object({
      entity: z.string(),
      source: z.number().int(),
      stored: z.number().int(),
      missing: differenceClass,
      extra: differenceClass,
      stale: differenceClass,
      different: differenceClass.nullable(),
    }),
  ),
});

export const quarantineListOutput = z.array(
  z.object({
    entity: z.string(),
    externalId: z.string(),
    error: z.string(),
    count: z.number().int(),
    firstSeenAt: isoTime,
    lastSeenAt: isoTime,
  }),
);

export const quarantineRetryOutput = z.object({
  orgId: z.string(),
  signalled: z.number().int(),
  workflowId: z.string(),
});

/** Prints `data` as JSON (checked against its schema), or as text for a human reader. */
export function printOutput<T>(
  json: boolean | undefined,
  schema: z.ZodType<T>,
  data: T,
  human: (data: T) => string,
): void {
  process.stdout.write(json ? `${JSON.stringify(schema.parse(data), null, 2)}\n` : `${human(data)}\n`);
}
