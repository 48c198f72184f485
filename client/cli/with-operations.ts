import { type Command, Option } from 'commander';
import { type OperationsContext, openOperationsContext } from '../operations/operations-context';
import { type RuntimeSettings, resolveRuntimeSettings } from './runtime-settings';

export interface ConnectionOptions {
  readonly dataDir?: string;
}

/** Adds `--data-dir` (talk to a running `sync-engine dev`), the alternative to the environment. */
export function connectionOptions(command: Command): Command {
  return command.addOption(
    new Option(
      '--data-dir <dir>',
      'reach the `sync-engine dev` instance of this folder instead of the environment',
    ),
  );
}

/** Runs `work` with a database and Temporal connection, closed afterwards whatever happens. */
export async function withOperations<T>(
  options: ConnectionOptions,
  work: (context: OperationsContext, settings: RuntimeSettings) => Promise<T>,
): Promise<T> {
  const settings = resolveRuntimeSettings(options);
  const context = await openOperationsContext(settings);
  try {
    return await work(context, settings);
  } finally {
    await context.close();
  }
}
