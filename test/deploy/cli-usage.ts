import type { Command, Option } from 'commander';

const HELP_FLAGS = ['-h', '--help'];

/**
 * Why commander would refuse this `sync-engine` command line, or undefined when it accepts it:
 * an unknown command or subcommand, an unknown option, a missing option value or required
 * option, or arguments the command does not take. Reads the program as built, so it stays true
 * as commands are added.
 */
export function usageProblem(program: Command, argv: readonly string[]): string | undefined {
  let command = program;
  let index = 0;
  for (; index < argv.length; index++) {
    const token = argv[index] ?? '';
    const subcommand = command.commands.find((sub) => sub.name() === token || sub.aliases().includes(token));
    if (!subcommand) break;
    command = subcommand;
  }
  const name = commandPath(command);
  const rest = argv.slice(index);
  if (rest.some((token) => HELP_FLAGS.includes(token))) return undefined;
  if (command.commands.length > 0) {
    const next = rest[0];
    if (next === undefined) return `"${name}" needs a subcommand (${names(command.commands)})`;
    if (!next.startsWith('-'))
      return `"${name}" has no subcommand "${next}" (it has ${names(command.commands)})`;
  }

  const given = new Set<Option>();
  let positionals = 0;
  for (let position = 0; position < rest.length; position++) {
    const token = rest[position] ?? '';
    if (token === '--') {
      positionals += rest.length - position - 1;
      break;
    }
    if (!token.startsWith('-') || token === '-') {
      positionals++;
      continue;
    }
    const [flag = '', inlineValue] = token.split(/=(.*)/s);
    const option = command.options.find((candidate) => candidate.long === flag || candidate.short === flag);
    if (!option) return `"${name}" has no option ${flag}`;
    given.add(option);
    if (option.required && inlineValue === undefined) {
      const value = rest[position + 1];
      if (value === undefined) return `"${name}" option ${flag} needs a value`;
      position++;
    }
  }
  const missing = command.options.filter((option) => option.mandatory && !given.has(option));
  if (missing.length > 0) return `"${name}" needs ${missing.map((option) => option.flags).join(', ')}`;
  const accepted = command.registeredArguments;
  const variadic = accepted.at(-1)?.variadic ?? false;
  if (!variadic && positionals > accepted.length)
    return `"${name}" takes ${accepted.length} argument(s), not ${positionals}`;
  const required = accepted.filter((argument) => argument.required).length;
  if (positionals < required) return `"${name}" needs ${required} argument(s), got ${positionals}`;
  return undefined;
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current; current = current.parent)
    names.unshift(current.name());
  return names.join(' ');
}

function names(commands: readonly Command[]): string {
  return commands.map((command) => command.name()).join(', ');
}
