import { Command, Option } from 'commander';
import { listQuarantined } from '../../../db/repositories/quarantine.repository';
import { recordSyncWorkflow } from '../../../workflows';
import { recordChangedSignal } from '../../../workflows/shared/messages';
import { recordSyncWorkflowId } from '../../../workflows/shared/workflow-ids';
import { printOutput, quarantineListOutput, quarantineRetryOutput } from '../output-schemas';
import { connectionOptions, withOperations, type ConnectionOptions } from '../with-operations';

interface QuarantineOptions extends ConnectionOptions {
  readonly org: string;
  readonly entity?: string;
  readonly json?: boolean;
}

export function quarantineCommand(): Command {
  const quarantine = new Command('quarantine').description('records the source sent that failed validation');
  const entityOption = () => new Option('--entity <name>', 'only this entity');

  quarantine.addCommand(
    connectionOptions(
      new Command('list')
        .description('list unresolved quarantined records (errors name paths and types, never values)')
        .requiredOption('--org <id>', 'organization id')
        .addOption(entityOption())
        .option('--json', 'print JSON'),
    ).action(async (options: QuarantineOptions) => {
      await withOperations(options, async (context) => {
        const rows = (await listQuarantined(context.db, options.org, options.entity)).map((row) => ({
          entity: row.entity,
          externalId: row.external_id,
          error: row.error,
          count: row.count,
          firstSeenAt: row.first_seen_at.toISOString(),
          lastSeenAt: row.last_seen_at.toISOString(),
        }));
        printOutput(options.json, quarantineListOutput, rows, (list) =>
          list.length === 0
            ? 'nothing quarantined'
            : list.map((r) => `${r.entity}/${r.externalId}  seen ${r.count}x  ${r.error}`).join('\n'),
        );
      });
    }),
  );

  quarantine.addCommand(
    connectionOptions(
      new Command('retry')
        .description('fetch every quarantined record again (those fixed at the source heal)')
        .requiredOption('--org <id>', 'organization id')
        .addOption(entityOption())
        .option('--json', 'print JSON'),
    ).action(async (options: QuarantineOptions) => {
      await withOperations(options, async (context) => {
        const rows = await listQuarantined(context.db, options.org, options.entity);
        const workflowId = recordSyncWorkflowId(options.org);
        for (const row of rows) {
          await context.temporal.workflow.signalWithStart(recordSyncWorkflow, {
            taskQueue: context.taskQueue,
            workflowId,
            args: [{ orgId: options.org }],
            signal: recordChangedSignal,
            signalArgs: [{ entity: row.entity, id: row.external_id }],
          });
        }
        printOutput(
          options.json,
          quarantineRetryOutput,
          { orgId: options.org, signalled: rows.length, workflowId },
          (r) => `asked ${r.workflowId} to fetch ${r.signalled} quarantined records again`,
        );
      });
    }),
  );
  return quarantine;
}
