import { Command, Option } from 'commander';
import { listOrganizations } from '../../../db/repositories/organizations.repository';
import { applySchedules } from '../../../schedules/apply-schedules';
import { actOnOrgSchedules, orgScheduleStates } from '../../../schedules/schedule-state';
import { requireOrganization } from '../../operations/org-lookup';
import { printOutput, schedulesApplyOutput, schedulesListOutput } from '../output-schemas';
import { UsageError } from '../usage-error';
import { connectionOptions, withOperations, type ConnectionOptions } from '../with-operations';

interface ScheduleOptions extends ConnectionOptions {
  readonly org?: string;
  readonly kind?: 'delta' | 'reconcile';
  readonly json?: boolean;
}

const kindOption = () => new Option('--kind <kind>', 'only this schedule').choices(['delta', 'reconcile']);

export function schedulesCommand(): Command {
  const schedules = new Command('schedules').description(
    'the per-organization delta and reconciliation schedules',
  );

  schedules.addCommand(
    connectionOptions(
      new Command('apply')
        .description(
          "make Temporal's schedules match the organizations table (create, update, delete orphans)",
        )
        .option('--json', 'print JSON'),
    ).action(async (options: ScheduleOptions) => {
      await withOperations(options, async (context) => {
        const result = await applySchedules(context.temporal, context.db, context.taskQueue);
        printOutput(
          options.json,
          schedulesApplyOutput,
          result,
          (r) =>
            `schedules: ${r.created.length} created, ${r.updated.length} updated, ${r.deleted.length} deleted, ${r.unchanged.length} unchanged`,
        );
      });
    }),
  );

  schedules.addCommand(
    connectionOptions(
      new Command('list')
        .description('list schedules with their state')
        .option('--org <id>', 'only this org')
        .option('--json', 'print JSON'),
    ).action(async (options: ScheduleOptions) => {
      await withOperations(options, async (context) => {
        const orgIds = options.org
          ? [(await requireOrganization(context, options.org, { allowRemoved: true })).id]
          : (await listOrganizations(context.db)).map((org) => org.id);
        const states = (
          await Promise.all(orgIds.map((id) => orgScheduleStates(context.temporal, id)))
        ).flat();
        printOutput(
          options.json,
          schedulesListOutput,
          states,
          (list) =>
            list
              .map(
                (s) =>
                  `${s.scheduleId}  ${s.paused ? 'paused ' : 'active '} next ${s.nextRunAt ?? '-'}  last ${s.lastRunAt ?? '-'}`,
              )
              .join('\n') || 'no schedules',
        );
      });
    }),
  );

  for (const action of ['pause', 'resume', 'trigger'] as const) {
    schedules.addCommand(
      connectionOptions(
        new Command(action)
          .description(`${action} an organization's schedules`)
          .requiredOption('--org <id>', 'organization id')
          .addOption(kindOption()),
      ).action(async (options: ScheduleOptions) => {
        if (!options.org) throw new UsageError('--org is required');
        await withOperations(options, async (context) => {
          const kinds = options.kind ? [options.kind] : (['delta', 'reconcile'] as const);
          const { id } = await requireOrganization(context, options.org!);
          const ids = await actOnOrgSchedules(context.temporal, id, action, kinds);
          process.stdout.write(`${action}: ${ids.join(', ')}\n`);
        });
      }),
    );
  }
  return schedules;
}
