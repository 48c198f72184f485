import type { Command } from 'commander';

/** The lines of a README section (`## Title` up to the next `## `). */
function section(readme: string, title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`README has no section "## ${title}"`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** Shell words of a command line, without a trailing `# comment`. */
function words(line: string): string[] {
  return line
    .replace(/\s#.*$/, '')
    .trim()
    .split(/\s+/)
    .filter((word) => word.length > 0);
}

/**
 * The `sync-engine` command lines of the Quick start's shell blocks, as argv after `npx sync-engine`
 * (`npm ci && npx sync-engine dev` gives `['dev']`).
 */
export function quickStartCommands(readme: string): string[][] {
  const blocks = [...section(readme, 'Quick start').matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks
    .flatMap((block) => block.split('\n'))
    .flatMap((line) => line.split('&&'))
    .map(words)
    .filter((argv) => argv[0] === 'npx' && argv[1] === 'sync-engine')
    .map((argv) => argv.slice(2));
}

/**
 * The commands the Commands table documents, as paths (`org add`, `sync full`): each code span of
 * the table's first column, up to its first option or placeholder, with `a\|b` alternatives expanded.
 */
export function documentedCommands(readme: string): string[] {
  const rows = section(readme, 'Commands')
    .split('\n')
    .filter((line) => line.startsWith('| `'));
  const paths = rows.flatMap((row) => {
    const firstColumn = row.slice(1, row.search(/[^\\]\|/) + 1);
    return [...firstColumn.matchAll(/`([^`]+)`/g)].flatMap((span) => commandPaths(span[1]!));
  });
  return [...new Set(paths)];
}

function commandPaths(usage: string): string[] {
  const names: string[][] = [];
  for (const word of words(usage.replaceAll('\\|', '|'))) {
    if (!/^[a-z][a-z|-]*$/.test(word)) break;
    names.push(word.split('|'));
  }
  return names.reduce<string[]>(
    (paths, alternatives) =>
      paths.length === 0 ? alternatives : paths.flatMap((p) => alternatives.map((a) => `${p} ${a}`)),
    [],
  );
}

/** Every runnable command of the program (leaves of the command tree), as paths. */
export function programCommands(program: Command): string[] {
  const leaves = (command: Command, prefix: string[]): string[] => {
    const children = command.commands.filter((child) => child.name() !== 'help');
    return children.length === 0
      ? [prefix.join(' ')]
      : children.flatMap((child) => leaves(child, [...prefix, child.name()]));
  };
  return leaves(program, []);
}
