import { Command } from 'commander';
import { organizationStatus } from '../../operations/org-status';
import { printOutput, statusOutput } from '../output-schemas';
import { describeRunningSync } from '../progress-summary';
import { connectionOptions, withOperations, type ConnectionOptions } from '../with-operations';

export function statusCommand(): Command {
  return connectionOptions(
    new Command('status')
      .description(
        'per organization and entity: stored records, last success per kind, what runs now, failures, held deletions, quarantine, schedules',
      )
      .option('--org <id>', 'only this organization')
      .option('--json', 'print JSON'),
  ).action(async (options: ConnectionOptions & { org?: string; json?: boolean }) => {
    await withOperations(options, async (context) => {
      const status = await organizationStatus(context, options.org);
      printOutput(
        options.json,
        statusOutput,
        status,
        (data) =>
          data.organizations
            .map((org) =>
              [
                `${org.id}  ${org.name}  (${org.connector})${org.removed ? '  removed' : ''}`,
                `  running: ${org.running.map((r) => describeRunningSync(r.workflowId, r.progress)).join(', ') || 'nothing'}`,
                `  schedules: ${org.schedules.map((s) => `${s.scheduleId.split(':').at(-1)} ${s.paused ? 'paused' : `next ${s.nextRunAt ?? '-'}`}`).join('; ') || 'none'}`,
                ...org.entities.map(
                  (e) =>
                    `  ${e.entity.padEnd(20)} records ${String(e.records.live).padStart(8)} live ${String(e.records.deleted).padStart(6)} deleted` +
                    `  full ${e.lastSuccess.full ?? '-'}  delta ${e.lastSuccess.delta ?? '-'}  reconcile ${e.lastSuccess.reconcile ?? '-'}` +
                    `${e.quarantined ? `  quarantined ${e.quarantined}` : ''}${e.heldDeletions ? `  HELD: ${e.heldDeletions.detail ?? ''}` : ''}` +
                    `${e.lastFailure ? `  FAILED ${e.lastFailure.kind}: ${e.lastFailure.error ?? ''}` : ''}`,
                ),
              ].join('\n'),
            )
            .join('\n\n') || 'no organizations',
      );
    });
  });
}
