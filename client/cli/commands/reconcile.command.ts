import { Command, Option } from 'commander';
import { runSyncCommand } from './sync.command';
import { connectionOptions } from '../with-operations';

export function reconcileCommand(): Command {
  return new Command('reconcile')
    .description('reconciliation operations')
    .addCommand(
      connectionOptions(
        new Command('approve')
          .description('approve held deletions: runs a reconciliation that applies them above the threshold')
          .requiredOption('--org <id>', 'organization id')
          .addOption(new Option('--entity <name...>', 'only these entities'))
          .option('--wait', 'follow it until it ends')
          .option('--json', 'print JSON'),
      ).action(
        (options: { org: string; entity?: string[]; wait?: boolean; json?: boolean; dataDir?: string }) =>
          runSyncCommand('reconcile', { ...options, approveDeletions: true }),
      ),
    );
}
