import { Command } from 'commander';
import { usageProblem } from './cli-usage';

describe('usageProblem (how the deployment tests read a command line)', () => {
  const program = new Command('tool').version('1.0.0');
  program.addCommand(
    new Command('run').option('--port <port>').option('--verbose').requiredOption('--queue <name>'),
  );
  const group = new Command('jobs');
  group.addCommand(new Command('apply').argument('[name]'));
  program.addCommand(group);

  it('accepts known commands, subcommands, options and arguments', () => {
    expect(usageProblem(program, ['run', '--queue', 'q', '--port', '1', '--verbose'])).toBeUndefined();
    expect(usageProblem(program, ['run', '--queue=q', '--port=1'])).toBeUndefined();
    expect(usageProblem(program, ['jobs', 'apply', 'nightly'])).toBeUndefined();
    expect(usageProblem(program, ['--help'])).toBeUndefined();
    expect(usageProblem(program, ['--version'])).toBeUndefined();
  });

  it('names what commander would refuse', () => {
    expect(usageProblem(program, ['walk'])).toBe('"tool" has no subcommand "walk" (it has run, jobs)');
    expect(usageProblem(program, ['jobs'])).toBe('"tool jobs" needs a subcommand (apply)');
    expect(usageProblem(program, ['jobs', 'list'])).toBe(
      '"tool jobs" has no subcommand "list" (it has apply)',
    );
    expect(usageProblem(program, ['run', '--queue', 'q', '--colour'])).toBe(
      '"tool run" has no option --colour',
    );
    expect(usageProblem(program, ['run', '--queue'])).toBe('"tool run" option --queue needs a value');
    expect(usageProblem(program, ['run'])).toBe('"tool run" needs --queue <name>');
    expect(usageProblem(program, ['run', '--queue', 'q', 'extra'])).toBe(
      '"tool run" takes 0 argument(s), not 1',
    );
    expect(usageProblem(program, ['jobs', 'apply', 'a', 'b'])).toBe(
      '"tool jobs apply" takes 1 argument(s), not 2',
    );
  });
});
