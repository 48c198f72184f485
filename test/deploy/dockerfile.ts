import { readRepoFile } from './deploy-files';

export interface Instruction {
  /** Upper-case keyword: FROM, RUN, COPY, … */
  readonly keyword: string;
  /** Everything after the keyword, continuation lines joined. */
  readonly value: string;
}

export interface Stage {
  readonly name: string | undefined;
  /** The base image, global ARGs substituted. */
  readonly base: string;
  readonly instructions: readonly Instruction[];
}

export interface Dockerfile {
  readonly stages: readonly Stage[];
}

/** Enough of the Dockerfile grammar for checks: comments, continuations, stages, global ARGs. */
export function readDockerfile(relative = 'Dockerfile'): Dockerfile {
  const logicalLines = readRepoFile(relative)
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const globalArgs = new Map<string, string>();
  const stages: { name: string | undefined; base: string; instructions: Instruction[] }[] = [];
  for (const line of logicalLines) {
    const match = /^(\S+)\s*(.*)$/.exec(line);
    const keyword = (match?.[1] ?? '').toUpperCase();
    const value = match?.[2] ?? '';
    const current = stages.at(-1);
    if (keyword === 'FROM') {
      const [image = '', as, name] = value.split(/\s+/);
      const base = image.replace(/\$\{(\w+)\}/g, (_, arg: string) => globalArgs.get(arg) ?? '');
      stages.push({ name: as?.toUpperCase() === 'AS' ? name : undefined, base, instructions: [] });
    } else if (current) {
      current.instructions.push({ keyword, value });
    } else if (keyword === 'ARG') {
      const [arg = '', defaultValue = ''] = value.split('=');
      globalArgs.set(arg, defaultValue);
    }
  }
  return { stages };
}

/** The arguments of an exec-form (JSON array) instruction such as `CMD ["worker"]`. */
export function execForm(instruction: Instruction | undefined): string[] | undefined {
  if (!instruction) return undefined;
  const json = instruction.value.replace(/^(--\S+\s+)*(CMD\s+)?/, '');
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.map(String) : undefined;
}

/** `KEY=value` pairs of ENV instructions (the `ENV KEY=value KEY2=value` form). */
export function environmentOf(stage: Stage): Record<string, string> {
  const pairs = stage.instructions
    .filter((instruction) => instruction.keyword === 'ENV')
    .flatMap((instruction) => instruction.value.split(/\s+/))
    .map((pair) => pair.split('=') as [string, string]);
  return Object.fromEntries(pairs);
}

/**
 * Whether `.dockerignore` keeps a path out of the build context: Docker's rules, as far as this
 * project's patterns need them (`*`, `**`, `!` exceptions, the last matching line winning, and a
 * pattern that matches a folder matching everything in it).
 */
export function isIgnoredByDockerignore(filePath: string, dockerignore: string): boolean {
  const rules = dockerignore
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const negated = line.startsWith('!');
      return { negated, pattern: globToRegExp(line.slice(negated ? 1 : 0).replace(/^\/+|\/+$/g, '')) };
    });
  const segments = filePath.split('/');
  const prefixes = segments.map((_, index) => segments.slice(0, index + 1).join('/'));
  let ignored = false;
  for (const rule of rules) {
    if (prefixes.some((prefix) => rule.pattern.test(prefix))) ignored = !rule.negated;
  }
  return ignored;
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob.charAt(index);
    if (char === '*' && glob[index + 1] === '*') {
      source += '.*';
      index++;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
