import { Command, Option } from 'commander';
import type { SyncOutcome } from '../../../workflows/shared/sync-inputs';
import type { SyncProgress } from '../../../workflows/shared/sync-progress';
import { cancelSync } from '../../operations/cancel-sync';
import type { OperationsContext } from '../../operations/operations-context';
import { readSyncProgress } from '../../operations/read-sync-progress';
import { startSync, type SyncKindToStart } from '../../operations/start-sync';
import { ExitCode } from '../exit-codes';
import { ProgressDisplay } from '../progress-display';
import { printOutput, syncCancelOutput, syncOutput } from '../output-schemas';
import { connectionOptions, withOperations, type ConnectionOptions } from '../with-operations';

interface SyncOptions extends ConnectionOptions {
  readonly org: string;
  readonly entity?: string[];
  readonly wait?: boolean;
  readonly json?: boolean;
  readonly approveDeletions?: boolean;
}

const POLL_MS = 500;

export function syncCommand(): Command {
  const sync = new Command('sync').description(
    'start an ad-hoc sync of an organization (coalesced with a running one)',
  );
  for (const kind of ['full', 'delta', 'reconcile'] as const) {
    const command = connectionOptions(
      new Command(kind)
        .description(`start a ${kind} sync`)
        .requiredOption('--org <id>', 'organization id')
        .addOption(new Option('--entity <name...>', 'only these entities'))
        .option('--wait', 'show live progress per entity until it ends (Ctrl-C detaches, the sync goes on)')
        .option('--json', 'print JSON'),
    );
    if (kind === 'reconcile')
      command.option('--approve-deletions', 'apply deletions even above the hold threshold');
    sync.addCommand(command.action((options: SyncOptions) => runSyncCommand(kind, options)));
  }
  sync.addCommand(cancelCommand());
  return sync;
}

/** `sync cancel`: exit 0 once the run has stopped, 1 if nothing ran or it did not stop in time. */
function cancelCommand(): Command {
  return connectionOptions(
    new Command('cancel')
      .description('cancel a running sync: it stops after the batch it commits, recorded as cancelled')
      .requiredOption('--org <id>', 'organization id')
      .addOption(
        new Option('--kind <kind>', 'which sync')
          .choices(['full', 'delta', 'reconcile'])
          .makeOptionMandatory(),
      )
      .option('--json', 'print JSON'),
  ).action(async (options: ConnectionOptions & { org: string; kind: SyncKindToStart; json?: boolean }) => {
    const cancelled = await withOperations(options, (context) =>
      cancelSync(context, options.org, options.kind),
    );
    printOutput(options.json, syncCancelOutput, cancelled, (c) =>
      c.status === 'cancelled'
        ? `cancelled ${c.workflowId} (run ${c.runId})`
        : c.status === 'running'
          ? `asked ${c.workflowId} to cancel; it has not stopped yet (see \`sync-engine status\`)`
          : `${c.workflowId} ended by itself (${c.status}) before the cancellation reached it`,
    );
    if (cancelled.status === 'running') process.exitCode = ExitCode.Failure;
  });
}

export async function runSyncCommand(kind: SyncKindToStart, options: SyncOptions): Promise<void> {
  await withOperations(options, async (context) => {
    const started = await startSync(context, kind, {
      orgId: options.org,
      ...(options.entity ? { entities: options.entity } : {}),
      ...(options.approveDeletions ? { approveDeletions: true } : {}),
    });
    if (!options.json) {
      process.stdout.write(
        started.coalesced
          ? `${started.workflowId} was already running: it will run once more when it ends\n`
          : `started ${started.workflowId} (run ${started.runId})\n`,
      );
    }
    const outcome = options.wait
      ? await waitWithProgress(context, started.workflowId, !options.json)
      : undefined;
    if (outcome === 'detached') {
      process.stdout.write('detached: the sync goes on (see `sync-engine status`)\n');
      return;
    }
    if (options.json)
      printOutput(
        true,
        syncOutput,
        { ...started, ...(outcome ? { outcome: outcome.progress } : {}) },
        () => '',
      );
    else if (outcome) process.stdout.write(`${summary(outcome.progress)}\n`);
  });
}

/**
 * Follows the sync until it ends, with the pages its activities committed (not only what the
 * workflow learnt at its last slice); Ctrl-C stops following without cancelling anything.
 */
async function waitWithProgress(
  context: OperationsContext,
  workflowId: string,
  show: boolean,
): Promise<SyncOutcome | 'detached'> {
  const handle = context.temporal.workflow.getHandle(workflowId);
  const display = show ? new ProgressDisplay() : undefined;
  let stop = false;
  let detached = false;
  let wake = () => {};
  const onInterrupt = () => {
    detached = stop = true;
    wake();
  };
  process.once('SIGINT', onInterrupt);
  const result = handle.result() as Promise<SyncOutcome>;
  result
    .finally(() => {
      stop = true;
      wake();
    })
    .catch(() => undefined);
  try {
    while (!stop) {
      const progress = display && (await readSyncProgress(context, workflowId).catch(() => undefined));
      if (progress) display.update(progress);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, POLL_MS);
      });
    }
    if (detached) return 'detached';
    const outcome = await result;
    display?.update(outcome.progress);
    return outcome;
  } finally {
    display?.stop();
    process.removeListener('SIGINT', onInterrupt);
  }
}

function summary(progress: SyncProgress): string {
  const lines = Object.entries(progress.entities).map(
    ([entity, e]) =>
      `  ${entity.padEnd(20)} ${e.phase.padEnd(8)} fetched ${e.fetched}  upserted ${e.upserted}  unchanged ${e.unchanged}  quarantined ${e.quarantined}  deleted ${e.deleted}  revived ${e.revived}${e.note ? `  (${e.note})` : ''}`,
  );
  return [`${progress.kind} sync ${progress.status}`, ...lines].join('\n');
}
