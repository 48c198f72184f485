import { Command } from 'commander';
import { loadConfig } from '../../../config/config';
import { createLogger } from '../../../config/logger';
import { runWorker } from '../../../workers/run-worker';

export function workerCommand(): Command {
  return new Command('worker')
    .description('run a sync worker (scale out by running more); SIGTERM drains it gracefully')
    .action(async () => {
      const config = loadConfig();
      await runWorker(config, createLogger({ level: config.LOG_LEVEL, name: 'worker' }));
    });
}
