import { Command, CommanderError } from 'commander';
import { ConfigError } from '../../config/config-error';
import { projectVersion } from '../../config/project-root.cjs';
import { devCommand } from './commands/dev.command';
import { migrateCommand } from './commands/migrate.command';
import { orgCommand } from './commands/org.command';
import { quarantineCommand } from './commands/quarantine.command';
import { reconcileCommand } from './commands/reconcile.command';
import { schedulesCommand } from './commands/schedules.command';
import { statusCommand } from './commands/status.command';
import { syncCommand } from './commands/sync.command';
import { verifyCommand } from './commands/verify.command';
import { workerCommand } from './commands/worker.command';
import { webhooksCommand } from '../webhooks';
import { sandboxCommand } from '../../sandbox/sandbox.command';
import { ExitCode } from './exit-codes';
import { UsageError } from './usage-error';

export function buildProgram(): Command {
  const program = new Command('sync-engine')
    .description('Keeps PostgreSQL in sync with third-party SaaS APIs, durably, on Temporal')
    .version(projectVersion())
    .showHelpAfterError()
    .exitOverride();
  const commands = [
    orgCommand(),
    syncCommand(),
    statusCommand(),
    verifyCommand(),
    reconcileCommand(),
    quarantineCommand(),
    schedulesCommand(),
    workerCommand(),
    webhooksCommand(),
    migrateCommand(),
    sandboxCommand(),
    devCommand(),
  ];
  for (const command of commands) program.addCommand(exitOverrideAll(command));
  return program;
}

/** Usage errors of subcommands (at any depth) must reach `exitCodeOf` too, not exit on their own. */
function exitOverrideAll(command: Command): Command {
  command.exitOverride();
  for (const child of command.commands) exitOverrideAll(child);
  return command;
}

/** Maps what went wrong to the documented exit codes: 2 for usage, 1 for failures. */
export function exitCodeOf(err: unknown): number {
  if (err instanceof CommanderError) {
    return ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(err.code)
      ? ExitCode.Success
      : ExitCode.Usage;
  }
  if (err instanceof UsageError || err instanceof ConfigError) return ExitCode.Usage;
  return ExitCode.Failure;
}

export async function main(argv: readonly string[] = process.argv): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.Success;
  } catch (err) {
    if (!(err instanceof CommanderError))
      process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    return exitCodeOf(err);
  }
}

if (require.main === module) {
  main()
    .then((code) => process.exit(code))
    .catch((err: unknown) => {
      process.stderr.write(`fatal: ${String(err)}\n`);
      process.exit(ExitCode.Failure);
    });
}
