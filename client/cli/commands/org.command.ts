import { Command } from 'commander';
import { listOrganizations } from '../../../db/repositories/organizations.repository';
import { addOrganization, removeOrganization } from '../../operations/org-operations';
import { orgAddOutput, orgListOutput, orgRemoveOutput, printOutput } from '../output-schemas';
import { describeOrganization } from '../describe-organization';
import { formatTable } from '../text-table';
import { orgShowCommand } from './org-show.command';
import { orgUpdateCommand } from './org-update.command';
import { connectionOptions, withOperations, type ConnectionOptions } from '../with-operations';

interface AddOptions extends ConnectionOptions {
  readonly id?: string;
  readonly name: string;
  readonly apiUrl: string;
  readonly token: string;
  readonly connector: string;
  readonly timezone: string;
  readonly webhookSecret?: string;
  readonly reconcileHour: string;
  readonly requestsPerSecond?: string;
  readonly json?: boolean;
}

export function orgCommand(): Command {
  const org = new Command('org').description(
    'add, list, show, update and remove the organizations whose data is synced',
  );

  org.addCommand(
    connectionOptions(
      new Command('add')
        .description('add an organization: stores it, creates its schedules, starts its initial full sync')
        .requiredOption('--name <name>', 'display name')
        .requiredOption('--api-url <url>', "base URL of the organization's API")
        .requiredOption('--token <token>', 'API bearer token (stored encrypted)')
        .requiredOption(
          '--connector <name>',
          'the connector that knows this API (a name it lacks lists them)',
        )
        .option('--timezone <zone>', 'IANA time zone (the nightly reconciliation runs in its night)', 'UTC')
        .option('--reconcile-hour <hour>', 'hour of the nightly reconciliation, 0-23', '2')
        .option('--webhook-secret <secret>', 'Standard Webhooks secret (whsec_…) the API signs webhooks with')
        .option(
          '--requests-per-second <n>',
          "the API's rate budget for this org, shared by all its syncs (default 20)",
        )
        .option('--id <id>', "the product's own id for this org (default: a generated org_… id)")
        .option('--json', 'print JSON'),
    ).action(async (options: AddOptions) => {
      await withOperations(options, async (context) => {
        const added = await addOrganization(context, {
          id: options.id,
          name: options.name,
          apiUrl: options.apiUrl,
          token: options.token,
          connector: options.connector,
          timezone: options.timezone,
          webhookSecret: options.webhookSecret,
          reconcileHour: options.reconcileHour,
          requestsPerSecond: options.requestsPerSecond,
        });
        const output = {
          organization: describeOrganization(added.org),
          schedules: [...added.schedules],
          initialSync: added.initialSync,
        };
        printOutput(options.json, orgAddOutput, output, (data) =>
          [
            `added ${data.organization.id} (${data.organization.name}, ${data.organization.connector})`,
            `schedules: ${data.schedules.join(', ')}`,
            `initial full sync: ${data.initialSync.workflowId}`,
          ].join('\n'),
        );
      });
    }),
  );

  org.addCommand(
    connectionOptions(
      new Command('list').description('list organizations').option('--json', 'print JSON'),
    ).action(async (options: ConnectionOptions & { json?: boolean }) => {
      await withOperations(options, async (context) => {
        const orgs = (await listOrganizations(context.db)).map(describeOrganization);
        printOutput(options.json, orgListOutput, orgs, (list) =>
          list.length === 0
            ? 'no organizations'
            : formatTable(
                [
                  { header: 'ID' },
                  { header: 'NAME' },
                  { header: 'CONNECTOR' },
                  { header: 'TIME ZONE' },
                  { header: 'RECONCILE', align: 'right' },
                  { header: 'REQ/S', align: 'right' },
                  { header: 'STATE' },
                ],
                list.map((o) => [
                  o.id,
                  o.name,
                  o.connector,
                  o.timezone,
                  `${String(o.reconcileHour).padStart(2, '0')}:00`,
                  String(o.requestsPerSecond),
                  o.removed ? 'removed' : 'active',
                ]),
              ),
        );
      });
    }),
  );

  org.addCommand(
    connectionOptions(
      new Command('remove')
        .description('stop syncing an organization: delete its schedules, terminate its running syncs')
        .argument('<id>', 'organization id')
        .option('--purge', 'also delete the organization and every row synced for it')
        .option('--json', 'print JSON'),
    ).action(async (id: string, options: ConnectionOptions & { purge?: boolean; json?: boolean }) => {
      await withOperations(options, async (context) => {
        const removed = await removeOrganization(context, id, { purge: options.purge ?? false });
        printOutput(
          options.json,
          orgRemoveOutput,
          {
            ...removed,
            schedulesDeleted: [...removed.schedulesDeleted],
            workflowsTerminated: [...removed.workflowsTerminated],
          },
          (data) =>
            `removed ${data.orgId}: ${data.schedulesDeleted.length} schedules deleted, ${data.workflowsTerminated.length} syncs terminated${data.purged ? ', rows purged' : ''}`,
        );
      });
    }),
  );
  org.addCommand(orgShowCommand());
  org.addCommand(orgUpdateCommand());
  return org;
}
