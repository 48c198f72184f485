import { existsSync } from 'node:fs';
import path from 'node:path';
import { imageName, REPO_ROOT } from './deploy-files';
import { readDockerfile } from './dockerfile';
import {
  COMPOSE_FILE,
  commandOf,
  composeContainers,
  composeFile,
  isAppImage,
  type ComposeService,
} from './processes';
import { expectedSearchAttributePairs, searchAttributePairs } from './search-attributes';

const SETUP_SCRIPT = 'deploy/k8s/temporal-namespace-setup.sh';

function dependencies(service: ComposeService): Record<string, string> {
  const dependsOn = service.depends_on ?? {};
  if (Array.isArray(dependsOn))
    return Object.fromEntries(dependsOn.map((name: string) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(dependsOn).map(([name, { condition }]) => [name, condition]));
}

function bindMountSources(service: ComposeService): string[] {
  return (service.volumes ?? []).flatMap((volume) => {
    const source = typeof volume === 'string' ? volume.split(':')[0] : volume.source;
    return source?.startsWith('.') ? [path.normalize(source)] : [];
  });
}

describe(COMPOSE_FILE, () => {
  const { services, volumes = {} } = composeFile();
  const service = (name: string): ComposeService => {
    const found = services[name];
    if (!found) throw new Error(`${COMPOSE_FILE} has no service ${name}`);
    return found;
  };
  const appServices = Object.entries(services).filter(([, definition]) =>
    isAppImage(definition.image ?? (definition.build ? 'sync-engine' : '')),
  );
  const imageHasHealthCheck = readDockerfile()
    .stages.at(-1)
    ?.instructions.some((instruction) => instruction.keyword === 'HEALTHCHECK');

  it('runs two worker replicas and the other roles', () => {
    expect(service('worker').deploy?.replicas).toBe(2);
    const roles = composeContainers()
      .filter((container) => isAppImage(container.image))
      .map((container) => commandOf(container.argv));
    expect(roles).toEqual(
      expect.arrayContaining(['migrate', 'schedules apply', 'worker', 'webhooks', 'sandbox']),
    );
  });

  it('registers every search attribute the workflows set, with the shared setup script', () => {
    const setup = service('temporal-setup');
    const environment = setup.environment as Record<string, string>;
    expect(searchAttributePairs(environment.SEARCH_ATTRIBUTES)).toEqual(expectedSearchAttributePairs());
    expect(bindMountSources(setup)).toContain(SETUP_SCRIPT);
    expect([setup.entrypoint, setup.command].flat().join(' ')).toContain(path.basename(SETUP_SCRIPT));
  });

  it('starts the app only after migrations and the Temporal setup completed', () => {
    for (const name of ['worker', 'webhooks', 'schedules']) {
      expect(dependencies(service(name))).toMatchObject({
        migrate: 'service_completed_successfully',
        'temporal-setup': 'service_completed_successfully',
      });
    }
    expect(dependencies(service('migrate'))).toMatchObject({ postgres: 'service_healthy' });
  });

  it('waits only for health that is checked and for jobs that end', () => {
    const problems = Object.entries(services).flatMap(([name, definition]) =>
      Object.entries(dependencies(definition)).flatMap(([dependency, condition]) => {
        const target = services[dependency];
        if (!target) return [`${name}: depends on unknown service ${dependency}`];
        const appImage = isAppImage(target.image ?? (target.build ? 'sync-engine' : ''));
        if (condition === 'service_healthy' && !target.healthcheck && !(appImage && imageHasHealthCheck))
          return [`${name}: waits for ${dependency} to be healthy, which has no health check`];
        if (condition === 'service_completed_successfully' && (target.restart ?? 'no') !== 'no')
          return [`${name}: waits for ${dependency} to complete, which restarts (${target.restart})`];
        if (condition === 'service_started') return [`${name}: waits only for ${dependency} to start`];
        return [];
      }),
    );
    expect(problems).toEqual([]);
  });

  it('takes the secret key from the environment, required and never written down', () => {
    for (const [name, definition] of appServices) {
      const environment = (definition.environment ?? {}) as Record<string, string>;
      const key = environment.SYNC_ENGINE_SECRET_KEY;
      if (key === undefined) continue;
      expect({ name, key }).toEqual({
        name,
        key: expect.stringMatching(/^\$\{SYNC_ENGINE_SECRET_KEY:\?[^}]+\}$/),
      });
    }
    expect(service('worker').environment).toHaveProperty('SYNC_ENGINE_SECRET_KEY');
  });

  it('mounts only files that exist', () => {
    for (const [name, definition] of Object.entries(services))
      for (const source of bindMountSources(definition))
        expect({ name, source, exists: existsSync(path.join(REPO_ROOT, source)) }).toEqual({
          name,
          source,
          exists: true,
        });
  });

  it('pins every image it pulls', () => {
    for (const [name, definition] of Object.entries(services)) {
      if (!definition.image || isAppImage(definition.image)) continue;
      const tag = definition.image.slice(imageName(definition.image).length + 1);
      expect({ name, tag }).toEqual({ name, tag: expect.stringMatching(/^(?!latest$)\S+$/) });
    }
  });

  it("keeps PostgreSQL data in named volumes at each image version's data path", () => {
    for (const [name, definition] of Object.entries(services)) {
      if (!definition.image || imageName(definition.image) !== 'postgres') continue;
      const major = Number(/^postgres:(\d+)/.exec(definition.image)?.[1]);
      // PostgreSQL 18+ images keep data in a version-named folder below /var/lib/postgresql.
      const dataPath = major >= 18 ? '/var/lib/postgresql' : '/var/lib/postgresql/data';
      const mounts = (definition.volumes ?? []).map((volume) => (typeof volume === 'string' ? volume : ''));
      const mount = mounts.find((volume) => volume.split(':')[1] === dataPath);
      expect({ name, mount }).toEqual({ name, mount: expect.any(String) });
      expect(Object.keys(volumes)).toContain(mount?.split(':')[0]);
    }
  });
});
