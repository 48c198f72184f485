import { Command } from 'commander';
import type { z } from 'zod';
import { showOrganization } from '../../operations/show-organization';
import { describeOrganization } from '../describe-organization';
import { orgShowOutput, printOutput } from '../output-schemas';
import { formatTable } from '../text-table';
import { connectionOptions, withOperations, type ConnectionOptions } from '../with-operations';

type OrgShow = z.infer<typeof orgShowOutput>;

/** `org show ID`: an org's settings, webhook URL, schedules and stored records; never a secret. */
export function orgShowCommand(): Command {
  return connectionOptions(
    new Command('show')
      .description(
        "an organization's settings, the webhook URL to give its API provider, its schedules and records per entity (never a secret)",
      )
      .argument('<id>', 'organization id')
      .option('--json', 'print JSON'),
  ).action(async (id: string, options: ConnectionOptions & { json?: boolean }) => {
    await withOperations(options, async (context, settings) => {
      const details = await showOrganization(context, id, settings.webhookPublicUrl);
      const output: OrgShow = {
        ...describeOrganization(details.org),
        webhookUrl: details.webhookUrl,
        webhookSecretSet: details.webhookSecretSet,
        updatedAt: details.org.updated_at.toISOString(),
        schedules: [...details.schedules],
        entities: [...details.entities],
      };
      printOutput(options.json, orgShowOutput, output, describeForHumans);
    });
  });
}

function describeForHumans(org: OrgShow): string {
  const hour = `${String(org.reconcileHour).padStart(2, '0')}:00`;
  const secret = org.webhookSecretSet
    ? 'set'
    : `not set (webhooks are refused until \`org update ${org.id} --webhook-secret whsec_…\`)`;
  return [
    `${org.id}  ${org.name}${org.removed ? '  (removed)' : ''}`,
    formatTable(
      [{ header: 'SETTING' }, { header: 'VALUE' }],
      [
        ['connector', org.connector],
        ['API base URL', org.apiUrl],
        ['time zone', org.timezone],
        ['reconcile hour', `${hour} ${org.timezone}`],
        ['requests/s', String(org.requestsPerSecond)],
        ['webhook URL', org.webhookUrl],
        ['webhook secret', secret],
        ['created', org.createdAt],
        ['updated', org.updatedAt],
      ],
      '  ',
    ),
    '',
    org.schedules.length === 0
      ? '  schedules: none'
      : formatTable(
          [{ header: 'SCHEDULE' }, { header: 'STATE' }, { header: 'NEXT RUN' }],
          org.schedules.map((s) => [s.scheduleId, s.paused ? 'paused' : 'running', s.nextRunAt ?? '-']),
          '  ',
        ),
    '',
    formatTable(
      [{ header: 'ENTITY' }, { header: 'LIVE', align: 'right' }, { header: 'DELETED', align: 'right' }],
      org.entities.map((e) => [e.entity, String(e.live), String(e.deleted)]),
      '  ',
    ),
  ].join('\n');
}
