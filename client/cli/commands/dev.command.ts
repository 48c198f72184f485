import { Command } from 'commander';
import { devOptionsSchema } from '../../dev/dev-options';
import { DevStop } from '../../dev/dev-stop';
import { runDev } from '../../dev/run-dev';
import { usageErrorOf } from '../flag-names';

export function devCommand(): Command {
  return new Command('dev')
    .description(
      'run everything on this machine: Temporal + Web UI, PostgreSQL, sandbox API with demo orgs, worker, webhooks, schedules',
    )
    .option('--data-dir <dir>', 'folder for all state and logs; run again on it to resume', '.sync-engine')
    .option('--orgs <n>', 'demo organizations (sandbox tenants) to add on first start', '3')
    .option('--records-per-org <n>', 'records per demo organization', '10000')
    .option('--mutations-per-minute <n>', 'changes per minute per demo org at the sandbox (0: none)', '30')
    .option('--seed <n>', 'seed of the demo data', '1')
    .action(async (raw: Record<string, string>) => {
      const parsed = devOptionsSchema.safeParse(raw);
      if (!parsed.success) throw usageErrorOf(parsed.error);
      const stop = DevStop.listen();
      try {
        await runDev(parsed.data, stop);
      } catch (err) {
        // Ctrl-C during startup cuts it short: a stop, not a failure.
        if (!stop.signal.aborted) throw err;
      } finally {
        stop.dispose();
      }
    });
}
