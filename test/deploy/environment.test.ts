import { configSchema } from '../../config/config';
import { imageName } from './deploy-files';
import { environmentOf, readDockerfile } from './dockerfile';
import { allContainers, isAppImage } from './processes';

/** Variables an app container may set that the app's configuration does not read. */
const NOT_APP_CONFIGURATION = new Set([
  // Node.js and npm conventions (the Dockerfile sets NODE_ENV; the worker deployment bounds the heap).
  'NODE_ENV',
  'NODE_OPTIONS',
]);

/**
 * Variables of the other images, as their documentation names them: PostgreSQL's official image,
 * Temporal's server (config template), admin tools (temporal-sql-tool, the temporal CLI and
 * deploy/k8s/temporal-namespace-setup.sh, deploy/compose/temporal-schema.sh) and Web UI.
 */
const OTHER_IMAGES_VARIABLES: Record<string, readonly string[]> = {
  postgres: ['POSTGRES_USER', 'POSTGRES_PASSWORD', 'POSTGRES_DB', 'PGDATA'],
  'temporalio/server': [
    'DB',
    'DB_PORT',
    'POSTGRES_SEEDS',
    'POSTGRES_USER',
    'POSTGRES_PWD',
    'BIND_ON_IP',
    'DYNAMIC_CONFIG_FILE_PATH',
  ],
  'temporalio/admin-tools': [
    'TEMPORAL_ADDRESS',
    'TEMPORAL_NAMESPACE',
    'TEMPORAL_NAMESPACE_RETENTION',
    'SEARCH_ATTRIBUTES',
    'POSTGRES_SEEDS',
    'DB_PORT',
    'POSTGRES_USER',
    'SQL_PASSWORD',
  ],
  'temporalio/ui': ['TEMPORAL_ADDRESS', 'TEMPORAL_CORS_ORIGINS'],
};

describe('environment variables in the deployment files', () => {
  const configKeys = new Set(Object.keys(configSchema.shape));
  const containers = allContainers();

  it('set only settings the app reads, in app containers', () => {
    const unknown = containers
      .filter((container) => isAppImage(container.image))
      .flatMap((container) =>
        container.envNames
          .filter((name) => !configKeys.has(name) && !NOT_APP_CONFIGURATION.has(name))
          .map((name) => `${container.source}: ${name}`),
      );
    expect(unknown).toEqual([]);
  });

  it('give app containers values the configuration accepts', () => {
    const invalid = containers
      .filter((container) => isAppImage(container.image))
      .flatMap((container) => {
        const parsed = configSchema.safeParse(container.env);
        return parsed.success
          ? []
          : parsed.error.issues.map(
              (issue) => `${container.source}: ${issue.path.join('.')}: ${issue.message}`,
            );
      });
    expect(invalid).toEqual([]);
  });

  it('set only the documented variables of other images', () => {
    const unknown = containers
      .filter((container) => !isAppImage(container.image))
      .flatMap((container) => {
        const known = OTHER_IMAGES_VARIABLES[imageName(container.image)];
        if (!known) return [`${container.source}: image ${container.image} has no documented variables here`];
        return container.envNames
          .filter((name) => !known.includes(name))
          .map((name) => `${container.source}: ${name}`);
      });
    expect(unknown).toEqual([]);
  });

  it('set only settings the app reads, in the image', () => {
    const runtime = readDockerfile().stages.at(-1);
    const names = runtime ? Object.keys(environmentOf(runtime)) : [];
    expect(names.filter((name) => !configKeys.has(name) && !NOT_APP_CONFIGURATION.has(name))).toEqual([]);
  });
});
