import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { connectorNames, getConnector } from '../../connectors/registry';

/** Engine folders: they must work for any connector, so no connector's names may appear in them. */
const ENGINE_FOLDERS = [
  'activities',
  'workflows',
  'workers',
  'db',
  'client',
  'schedules',
  'config',
  'devstack',
];
const ROOT = path.join(__dirname, '..', '..');

function sourceFiles(folder: string): string[] {
  const dir = path.join(ROOT, folder);
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return sourceFiles(path.join(folder, entry));
    return /\.(ts|cjs|js)$/.test(entry) ? [full] : [];
  });
}

describe('the engine', () => {
  const names = connectorNames().flatMap((connector) => {
    const loaded = getConnector(connector);
    return [connector, ...loaded.definition.entities.flatMap((entity) => [entity.name, entity.table])];
  });

  it.each(ENGINE_FOLDERS)('names no connector, entity or entity table in %s/', (folder) => {
    const offenders = sourceFiles(folder).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return names
        .filter((name) => new RegExp(`\\b${name}\\b`).test(text))
        .map((name) => `${path.relative(ROOT, file)}: ${name}`);
    });
    expect(offenders).toEqual([]);
  });

  it('keeps the db layer free of concrete connectors: it knows only the connector declaration types', () => {
    const offenders = sourceFiles('db').flatMap((file) => {
      const imports = [...readFileSync(file, 'utf8').matchAll(/from '([^']*connectors\/[^']*)'/g)].map(
        (m) => m[1]!,
      );
      return imports
        .filter((target) => !target.endsWith('/connector-definition'))
        .map((target) => `${path.relative(ROOT, file)}: ${target}`);
    });
    expect(offenders).toEqual([]);
  });
});
