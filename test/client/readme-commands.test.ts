import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { buildProgram } from '../../client/cli/main';
import { projectRoot } from '../../config/project-root.cjs';
import { documentedCommands, programCommands, quickStartCommands } from '../harness/readme-commands';

const README = readFileSync(path.join(projectRoot(), 'README.md'), 'utf8');

describe("the README's Commands table", () => {
  it('documents every command the CLI has, and no other', () => {
    expect([...documentedCommands(README)].sort()).toEqual([...programCommands(buildProgram())].sort());
  });

  it('starts the Quick start with `dev` and names only real commands', () => {
    const [first, ...rest] = quickStartCommands(README);
    expect(first).toEqual(['dev']);
    const known = new Set(programCommands(buildProgram()));
    for (const argv of rest) expect(known.has(argv.slice(0, 2).join(' ')) || known.has(argv[0]!)).toBe(true);
  });
});

describe('reading commands from a README', () => {
  const readme = [
    '# Tool',
    '## Quick start',
    '```sh',
    'npm ci && npx sync-engine dev     # run it',
    '```',
    'then',
    '```sh',
    'npx sync-engine org list --data-dir .x',
    '```',
    '## Commands',
    '| command | does |',
    '| --- | --- |',
    '| `org list [--json]`, `org remove ID` | list; remove |',
    '| `sync full\\|delta --org ID` | sync |',
    '| `worker` | a worker |',
    '## Next',
    '| `not a command` | x |',
  ].join('\n');

  it('takes the Quick start lines after `npx sync-engine`', () => {
    expect(quickStartCommands(readme)).toEqual([['dev'], ['org', 'list', '--data-dir', '.x']]);
  });

  it('expands alternatives and stops at options and placeholders', () => {
    expect(documentedCommands(readme)).toEqual([
      'org list',
      'org remove',
      'sync full',
      'sync delta',
      'worker',
    ]);
  });

  it('lists the leaves of a command tree', () => {
    const program = new Command('p');
    const group = new Command('g');
    group.addCommand(new Command('a'));
    program.addCommand(group);
    program.addCommand(new Command('b'));
    expect(programCommands(program)).toEqual(['g a', 'b']);
  });
});
