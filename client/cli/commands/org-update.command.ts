import { Command } from 'commander';
import { flagOf } from '../flag-names';
import { updateOrganization } from '../../operations/update-organization';
import { describeOrganization } from '../describe-organization';
import { orgUpdateOutput, printOutput } from '../output-schemas';
import { connectionOptions, withOperations, type ConnectionOptions } from '../with-operations';

interface UpdateOptions extends ConnectionOptions {
  readonly name?: string;
  readonly apiUrl?: string;
  readonly token?: string;
  readonly timezone?: string;
  readonly reconcileHour?: string;
  readonly webhookSecret?: string;
  readonly clearWebhookSecret?: boolean;
  readonly requestsPerSecond?: string;
  readonly json?: boolean;
}

/**
 * `org update ID --…`: changes any setting `org add` took. Every worker and webhook receiver
 * uses the new value within seconds; a new time zone or hour moves the nightly schedule at once.
 */
export function orgUpdateCommand(): Command {
  return connectionOptions(
    new Command('update')
      .description(
        "change an organization's settings; workers and the webhook receiver pick them up within seconds",
      )
      .argument('<id>', 'organization id')
      .option('--name <name>', 'display name')
      .option('--api-url <url>', "base URL of the organization's API")
      .option('--token <token>', 'API bearer token (stored encrypted)')
      .option('--timezone <zone>', 'IANA time zone of the nightly reconciliation (re-applies the schedule)')
      .option('--reconcile-hour <hour>', 'hour of the nightly reconciliation, 0-23 (re-applies the schedule)')
      .option('--webhook-secret <secret>', 'new Standard Webhooks secret (whsec_…), stored encrypted')
      .option('--clear-webhook-secret', 'remove the webhook secret: webhooks for this org are refused')
      .option('--requests-per-second <n>', "the API's rate budget for this org, shared by all its syncs")
      .option('--json', 'print JSON'),
  ).action(async (id: string, options: UpdateOptions) => {
    await withOperations(options, async (context) => {
      const updated = await updateOrganization(context, id, {
        name: options.name,
        apiUrl: options.apiUrl,
        token: options.token,
        timezone: options.timezone,
        reconcileHour: options.reconcileHour,
        webhookSecret: options.webhookSecret,
        clearWebhookSecret: options.clearWebhookSecret,
        requestsPerSecond: options.requestsPerSecond,
      });
      printOutput(
        options.json,
        orgUpdateOutput,
        {
          organization: describeOrganization(updated.org),
          changed: [...updated.changed],
          schedulesUpdated: [...updated.schedulesUpdated],
        },
        (data) =>
          [
            `updated ${data.organization.id}: ${data.changed.map(flagOf).join(' ')}`,
            ...(data.schedulesUpdated.length > 0
              ? [`schedules re-applied: ${data.schedulesUpdated.join(', ')}`]
              : []),
          ].join('\n'),
      );
    });
  });
}
