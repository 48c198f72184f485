import { Command, Option } from 'commander';
import { engineSettingsFrom } from '../../../activities/engine-settings';
import { loadConfig } from '../../../config/config';
import { verifyOrganization } from '../../operations/verify/verify-organization';
import { ExitCode } from '../exit-codes';
import { printOutput, verifyOutput } from '../output-schemas';
import { connectionOptions, withOperations, type ConnectionOptions } from '../with-operations';

interface VerifyOptions extends ConnectionOptions {
  readonly org: string;
  readonly entity?: string[];
  readonly deep?: boolean;
  readonly json?: boolean;
}

export function verifyCommand(): Command {
  return connectionOptions(
    new Command('verify')
      .description(
        'compare the database with the source API; exit 1 on drift (differences the engine should not have)',
      )
      .requiredOption('--org <id>', 'organization id')
      .addOption(new Option('--entity <name...>', 'only these entities'))
      .option('--deep', 'also compare every field of every record')
      .option('--json', 'print JSON'),
  ).action(async (options: VerifyOptions) => {
    const report = await withOperations(options, (context) =>
      verifyOrganization(context, options.org, {
        // The workers' look-back, from the configuration they read (run verify with the same).
        lookbackMs: engineSettingsFrom(loadConfig()).lookbackMs,
        entities: options.entity,
        deep: options.deep,
      }),
    );
    printOutput(options.json, verifyOutput, report, (r) =>
      [
        `${r.orgId}: ${r.drift} drift, ${r.pending} pending${r.deep ? ' (deep)' : ''}`,
        ...r.entities.map((e) => {
          const classes = (['missing', 'extra', 'stale', 'different'] as const).flatMap((name) => {
            const tally = e[name];
            if (!tally || tally.drift + tally.pending + tally.quarantined === 0) return [];
            return [
              `${name} ${tally.drift} drift / ${tally.pending} pending / ${tally.quarantined} quarantined (e.g. ${tally.samples.join(', ')})`,
            ];
          });
          return `  ${e.entity.padEnd(20)} source ${e.source}  stored ${e.stored}${classes.length ? `\n    ${classes.join('\n    ')}` : '  equal'}`;
        }),
      ].join('\n'),
    );
    if (report.drift > 0) process.exitCode = ExitCode.Failure;
  });
}
