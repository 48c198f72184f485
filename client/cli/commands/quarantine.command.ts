import { Command, Option } from 'commander';
import { quarantinedRecords, retryQuarantined } from '../../operations/quarantine-operations';
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
        const rows = (await quarantinedRecords(context, options.org, options.entity)).map((row) => ({
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
        printOutput(
          options.json,
          quarantineRetryOutput,
          await retryQuarantined(context, options.org, options.entity),
          (r) => `asked ${r.workflowId} to fetch ${r.signalled} quarantined records again`,
        );
      });
    }),
  );
  return quarantine;
}
