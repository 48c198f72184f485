import {
  APP_IMAGE,
  committedEnvFile,
  imageName,
  kubernetesObjects,
  kustomization,
  readEnvFile,
  readYaml,
  type KubernetesObject,
} from './deploy-files';
import { execForm, readDockerfile } from './dockerfile';

/** A container that a deployment file runs: its image, command line and environment. */
export interface Container {
  /** Where it is defined, for messages: `docker-compose.yml services.worker`. */
  readonly source: string;
  readonly image: string;
  /** For the app image: the `sync-engine` arguments (the image's CMD when the file sets none). */
  readonly argv: readonly string[];
  /** Variables whose values the file states (interpolated or secret ones are left out). */
  readonly env: Readonly<Record<string, string>>;
  /** Every variable the file sets, with a known value or not. */
  readonly envNames: readonly string[];
  /** Container ports it exposes, publishes or names. */
  readonly ports: readonly number[];
  /** HTTP endpoints that something probes or scrapes: Kubernetes probes and Prometheus annotations. */
  readonly httpChecks: readonly HttpCheck[];
  /** How long a stop waits after SIGTERM before killing (the platform's default when unset). */
  readonly stopGraceSeconds: number;
}

export interface HttpCheck {
  readonly what: string;
  readonly path: string;
  readonly port: number;
}

export function isAppImage(image: string): boolean {
  return imageName(image) === APP_IMAGE;
}

/** The (sub)command an argument list runs: the words before its first option, `schedules apply`. */
export function commandOf(argv: readonly string[]): string {
  const firstOption = argv.findIndex((arg) => arg.startsWith('-'));
  return argv.slice(0, firstOption === -1 ? argv.length : firstOption).join(' ');
}

/** The default command of the image: the runtime stage's CMD. */
export function imageDefaultArgv(): string[] {
  const runtime = readDockerfile().stages.at(-1);
  return execForm(runtime?.instructions.findLast((instruction) => instruction.keyword === 'CMD')) ?? [];
}

// --- docker compose ------------------------------------------------------------------------------

export interface ComposeFile {
  readonly services: Record<string, ComposeService>;
  readonly volumes?: Record<string, unknown>;
}

export interface ComposeService {
  readonly image?: string;
  readonly build?: unknown;
  readonly command?: string | readonly string[];
  readonly entrypoint?: string | readonly string[];
  readonly environment?: Record<string, string | number | boolean | null> | readonly string[];
  readonly ports?: readonly (string | number | { readonly target: number })[];
  readonly expose?: readonly (string | number)[];
  readonly volumes?: readonly (string | { readonly source?: string; readonly target: string })[];
  readonly depends_on?: Record<string, { readonly condition: string }> | readonly string[];
  readonly healthcheck?: { readonly test?: string | readonly string[]; readonly disable?: boolean };
  readonly deploy?: { readonly replicas?: number };
  readonly stop_grace_period?: string;
  readonly profiles?: readonly string[];
  readonly restart?: string;
}

export const COMPOSE_FILE = 'docker-compose.yml';

export function composeFile(): ComposeFile {
  return readYaml<ComposeFile>(COMPOSE_FILE);
}

export function composeContainers(): Container[] {
  return Object.entries(composeFile().services).map(([name, service]) => {
    const image = service.image ?? (service.build ? APP_IMAGE : '');
    const environment = composeEnvironment(service.environment);
    const command = typeof service.command === 'string' ? service.command.split(/\s+/) : service.command;
    return {
      source: `${COMPOSE_FILE} services.${name}`,
      image,
      argv: isAppImage(image) ? [...(command ?? imageDefaultArgv())] : [],
      env: Object.fromEntries(
        Object.entries(environment).flatMap(([key, value]) => {
          const known = withoutInterpolation(value);
          return known === undefined ? [] : [[key, known]];
        }),
      ),
      envNames: Object.keys(environment),
      ports: [...(service.ports ?? []).map(containerPortOf), ...(service.expose ?? []).map(Number)],
      httpChecks: [],
      stopGraceSeconds: durationSeconds(service.stop_grace_period ?? '10s'),
    };
  });
}

function composeEnvironment(environment: ComposeService['environment']): Record<string, string> {
  if (!environment) return {};
  if (Array.isArray(environment)) {
    return Object.fromEntries(
      environment.map((entry: string) => {
        const equals = entry.indexOf('=');
        return equals === -1 ? [entry, ''] : [entry.slice(0, equals), entry.slice(equals + 1)];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(environment).map(([key, value]) => [key, value === null ? '' : String(value)]),
  );
}

/**
 * A value as compose would pass it, when the file alone decides it: `${VAR:-default}` gives its
 * default; `${VAR}` and `${VAR:?message}` come from the operator's environment (undefined here).
 */
function withoutInterpolation(value: string): string | undefined {
  let unknown = false;
  const resolved = value.replace(
    /\$\{(\w+)(?:(:?[-?])([^}]*))?\}/g,
    (_, _name, operator?: string, rest = '') => {
      if (operator === ':-' || operator === '-') return rest as string;
      unknown = true;
      return '';
    },
  );
  return unknown ? undefined : resolved;
}

/** A compose duration such as `45s`, `1m30s` or `1h`, in seconds. */
export function durationSeconds(duration: string): number {
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
  const parts = [...duration.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
  if (parts.map((part) => part[0]).join('') !== duration) throw new Error(`not a duration: ${duration}`);
  return parts.reduce(
    (total, [, amount = '0', unit = 's']) => total + Number(amount) * (units[unit] ?? 0),
    0,
  );
}

/** `'127.0.0.1:4010:4010'`, `'8080:8080/tcp'`, `9464` or `{ target: 9464 }` → 9464-style container port. */
function containerPortOf(port: string | number | { readonly target: number }): number {
  if (typeof port === 'object') return port.target;
  return Number(String(port).split('/')[0]?.split(':').at(-1));
}

// --- Kubernetes ----------------------------------------------------------------------------------

interface PodSpec {
  readonly containers: readonly KubernetesContainer[];
  readonly terminationGracePeriodSeconds?: number;
}

interface KubernetesContainer {
  readonly name: string;
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: readonly { readonly name: string; readonly value?: string; readonly valueFrom?: unknown }[];
  readonly envFrom?: readonly {
    readonly configMapRef?: { readonly name: string };
    readonly secretRef?: { readonly name: string };
  }[];
  readonly ports?: readonly { readonly name?: string; readonly containerPort: number }[];
  readonly startupProbe?: Probe;
  readonly readinessProbe?: Probe;
  readonly livenessProbe?: Probe;
}

interface Probe {
  readonly httpGet?: { readonly path: string; readonly port: number | string };
}

interface PodTemplate {
  readonly metadata?: { readonly annotations?: Record<string, string> };
  readonly spec: PodSpec;
}

/** The pod template of a workload (Deployment, Job, CronJob), or undefined for other kinds. */
export function podTemplateOf(object: KubernetesObject): PodTemplate | undefined {
  const spec = object.spec as
    { template?: PodTemplate; jobTemplate?: { spec: { template: PodTemplate } } } | undefined;
  return spec?.template ?? spec?.jobTemplate?.spec.template;
}

/** Variables of the ConfigMaps and Secrets that kustomize generates, by generator name. */
function generatedVariables(): Map<string, { values: Record<string, string>; secret: boolean }> {
  const { configMapGenerator = [], secretGenerator = [] } = kustomization();
  const variables = new Map<string, { values: Record<string, string>; secret: boolean }>();
  for (const [entries, secret] of [
    [configMapGenerator, false],
    [secretGenerator, true],
  ] as const) {
    for (const entry of entries) {
      const values = Object.assign(
        {},
        ...(entry.envs ?? []).map((file) => readEnvFile(committedEnvFile(file))),
      );
      variables.set(entry.name, { values, secret });
    }
  }
  return variables;
}

export function kubernetesContainers(): Container[] {
  const generated = generatedVariables();
  return kubernetesObjects().flatMap((object) => {
    const template = podTemplateOf(object);
    if (!template) return [];
    return template.spec.containers.map((container) => {
      const env: Record<string, string> = {};
      const envNames: string[] = [];
      for (const source of container.envFrom ?? []) {
        const name = source.configMapRef?.name ?? source.secretRef?.name ?? '';
        const variables = generated.get(name);
        if (!variables)
          throw new Error(`${object.file}: envFrom ${name} is no generated ConfigMap or Secret`);
        envNames.push(...Object.keys(variables.values));
        if (!variables.secret) Object.assign(env, variables.values);
      }
      for (const variable of container.env ?? []) {
        envNames.push(variable.name);
        if (variable.value !== undefined) env[variable.name] = variable.value;
      }
      const ports = container.ports ?? [];
      const portOf = (port: number | string) =>
        typeof port === 'number'
          ? port
          : (ports.find((candidate) => candidate.name === port)?.containerPort ?? NaN);
      const probes = (['startupProbe', 'readinessProbe', 'livenessProbe'] as const).flatMap((kind) => {
        const httpGet = container[kind]?.httpGet;
        return httpGet ? [{ what: kind, path: httpGet.path, port: portOf(httpGet.port) }] : [];
      });
      const annotations = template.metadata?.annotations ?? {};
      const scrape =
        annotations['prometheus.io/scrape'] === 'true'
          ? [
              {
                what: 'prometheus.io annotations',
                path: annotations['prometheus.io/path'] ?? '/metrics',
                port: Number(annotations['prometheus.io/port']),
              },
            ]
          : [];
      return {
        source: `${object.file} ${object.kind}/${object.metadata.name} container ${container.name}`,
        image: container.image,
        argv: isAppImage(container.image) ? appArgv(container) : [],
        env,
        envNames,
        ports: ports.map((port) => port.containerPort),
        httpChecks: [...probes, ...scrape],
        stopGraceSeconds: template.spec.terminationGracePeriodSeconds ?? 30,
      };
    });
  });
}

/** The sync-engine arguments of an app container: its args, after the CLI if it overrides the entrypoint. */
function appArgv(container: KubernetesContainer): string[] {
  if (!container.command) return [...(container.args ?? imageDefaultArgv())];
  const commandLine = [...container.command, ...(container.args ?? [])];
  const cli = commandLine.findIndex((arg) => arg.endsWith('sync-engine.js') || arg === 'sync-engine');
  return cli === -1 ? [] : commandLine.slice(cli + 1);
}

/** Every container of every deployment file. */
export function allContainers(): Container[] {
  return [...composeContainers(), ...kubernetesContainers()];
}
