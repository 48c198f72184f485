import { decodeSecretKey } from '../../config/secret-key';
import {
  APP_IMAGE,
  committedEnvFile,
  imageName,
  KUBERNETES_DIR,
  kubernetesFiles,
  kubernetesObjects,
  kustomization,
  readEnvFile,
  readRepoFile,
  type KubernetesObject,
} from './deploy-files';
import { isAppImage, podTemplateOf } from './processes';
import { expectedSearchAttributePairs, searchAttributePairs } from './search-attributes';

interface Container {
  readonly name: string;
  readonly image: string;
  readonly command?: readonly string[];
  readonly env?: readonly { readonly name: string; readonly value?: string }[];
  readonly ports?: readonly { readonly name?: string; readonly containerPort: number }[];
  readonly resources?: {
    readonly requests?: Record<string, string>;
    readonly limits?: Record<string, string>;
  };
  readonly securityContext?: {
    readonly allowPrivilegeEscalation?: boolean;
    readonly capabilities?: { readonly drop?: readonly string[] };
  };
  readonly volumeMounts?: readonly { readonly name: string; readonly mountPath: string }[];
}

interface PodSpec {
  readonly containers: readonly Container[];
  readonly securityContext?: {
    readonly runAsNonRoot?: boolean;
    readonly seccompProfile?: { readonly type: string };
  };
  readonly volumes?: readonly { readonly name: string; readonly configMap?: { readonly name: string } }[];
}

const MEMORY_UNITS: Record<string, number> = {
  '': 1,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  K: 1e3,
  M: 1e6,
  G: 1e9,
};

function memoryBytes(quantity: string | undefined): number {
  const match = /^(\d+(?:\.\d+)?)([KMG]i?)?$/.exec(quantity ?? '');
  return match ? Number(match[1]) * (MEMORY_UNITS[match[2] ?? ''] ?? NaN) : NaN;
}

describe('Kubernetes manifests', () => {
  const objects = kubernetesObjects();
  const { resources = [], configMapGenerator = [], secretGenerator = [], images = [] } = kustomization();
  const generators = [...configMapGenerator, ...secretGenerator];
  const find = (kind: string, name: string): KubernetesObject => {
    const object = objects.find((candidate) => candidate.kind === kind && candidate.metadata.name === name);
    if (!object) throw new Error(`no ${kind}/${name} in ${KUBERNETES_DIR}`);
    return object;
  };
  const podSpec = (object: KubernetesObject) => podTemplateOf(object)?.spec as PodSpec;
  const workloads = objects.filter((object) => podTemplateOf(object) !== undefined);

  it('are all listed in kustomization.yaml, which lists only files that exist', () => {
    const referenced = [
      ...resources,
      ...generators.flatMap((generator) => [...(generator.envs ?? []), ...(generator.files ?? [])]),
    ];
    const committed = referenced.map((file) => committedEnvFile(file).slice(KUBERNETES_DIR.length + 1));
    expect([...committed, 'kustomization.yaml'].sort()).toEqual(kubernetesFiles());
  });

  it("never commit a secret: the Secret's env file is a template, ignored by git once filled in", () => {
    const secretFiles = secretGenerator.flatMap((generator) => generator.envs ?? []);
    expect(secretFiles.length).toBeGreaterThan(0);
    for (const file of secretFiles) {
      expect(committedEnvFile(file)).toBe(`${KUBERNETES_DIR}/${file}.example`);
      expect(readRepoFile(`${KUBERNETES_DIR}/.gitignore`).split('\n')).toContain(file);
    }
  });

  it('keep the database URL and the secret key in the Secret, with placeholders that cannot run', () => {
    const secret = Object.assign(
      {},
      ...secretGenerator
        .flatMap((generator) => generator.envs ?? [])
        .map((file) => readEnvFile(committedEnvFile(file))),
    ) as Record<string, string>;
    expect(Object.keys(secret).sort()).toEqual(['DATABASE_URL', 'SYNC_ENGINE_SECRET_KEY']);
    expect(typeof decodeSecretKey(secret.SYNC_ENGINE_SECRET_KEY ?? '')).toBe('string');
    for (const file of configMapGenerator.flatMap((generator) => generator.envs ?? []))
      expect(Object.keys(readEnvFile(committedEnvFile(file)))).not.toEqual(
        expect.arrayContaining(['DATABASE_URL']),
      );
  });

  it('scale workers with a CPU-based autoscaler, from at least two', () => {
    const worker = find('Deployment', 'sync-engine-worker');
    const hpa = objects.find(
      (object) =>
        object.kind === 'HorizontalPodAutoscaler' &&
        (object.spec as { scaleTargetRef: { kind: string; name: string } }).scaleTargetRef.name ===
          worker.metadata.name,
    );
    const spec = hpa?.spec as {
      minReplicas: number;
      maxReplicas: number;
      metrics: { type: string; resource?: { name: string } }[];
    };
    expect(spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(spec.maxReplicas).toBeGreaterThan(spec.minReplicas);
    expect(spec.metrics).toContainEqual(
      expect.objectContaining({ type: 'Resource', resource: expect.objectContaining({ name: 'cpu' }) }),
    );
    // The autoscaler owns the count: a `replicas` in the Deployment would reset it on every apply.
    expect((worker.spec as { replicas?: number }).replicas).toBeUndefined();
  });

  it('run two webhook receivers behind a Service that reaches their port', () => {
    const deployment = find('Deployment', 'sync-engine-webhooks');
    const service = find('Service', 'sync-engine-webhooks').spec as {
      selector: Record<string, string>;
      ports: { targetPort: string | number }[];
    };
    expect((deployment.spec as { replicas: number }).replicas).toBeGreaterThanOrEqual(2);
    const template = podTemplateOf(deployment) as unknown as { metadata: { labels: Record<string, string> } };
    expect(template.metadata.labels).toMatchObject(service.selector);
    const ports = podSpec(deployment).containers.flatMap((container) => container.ports ?? []);
    for (const { targetPort } of service.ports)
      expect(ports.some((port) => port.name === targetPort || port.containerPort === targetPort)).toBe(true);
  });

  it('give app containers resource requests and memory limits (workers at least 512Mi)', () => {
    for (const workload of workloads)
      for (const container of podSpec(workload).containers) {
        const { requests = {}, limits = {} } = container.resources ?? {};
        const source = `${workload.file} ${container.name}`;
        expect({ source, requests: Object.keys(requests).sort() }).toEqual({
          source,
          requests: ['cpu', 'memory'],
        });
        expect({ source, memoryLimit: memoryBytes(limits.memory) > 0 }).toEqual({
          source,
          memoryLimit: true,
        });
      }
    for (const container of podSpec(find('Deployment', 'sync-engine-worker')).containers)
      expect(memoryBytes(container.resources?.limits?.memory)).toBeGreaterThanOrEqual(512 * 2 ** 20);
  });

  it('meet the restricted Pod Security Standard the namespace enforces', () => {
    const namespace = objects.find((object) => object.kind === 'Namespace') as unknown as {
      metadata: { labels: Record<string, string> };
    };
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    for (const workload of workloads) {
      const spec = podSpec(workload);
      expect({ file: workload.file, pod: spec.securityContext }).toEqual({
        file: workload.file,
        pod: expect.objectContaining({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } }),
      });
      for (const container of spec.containers)
        expect({ file: workload.file, container: container.securityContext }).toEqual({
          file: workload.file,
          container: expect.objectContaining({
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
          }),
        });
    }
  });

  it('register every search attribute the workflows set, with the shared setup script', () => {
    const job = find('Job', 'sync-engine-temporal-setup');
    const spec = podSpec(job);
    const container = spec.containers[0];
    const value = container?.env?.find((variable) => variable.name === 'SEARCH_ATTRIBUTES')?.value;
    expect(searchAttributePairs(value)).toEqual(expectedSearchAttributePairs());
    const script = configMapGenerator.find((generator) =>
      generator.files?.includes('temporal-namespace-setup.sh'),
    );
    const volume = spec.volumes?.find((candidate) => candidate.configMap?.name === script?.name);
    const mount = container?.volumeMounts?.find((candidate) => candidate.name === volume?.name);
    expect(container?.command?.join(' ')).toContain(`${mount?.mountPath}/temporal-namespace-setup.sh`);
  });

  it('name the app image as kustomization.yaml rewrites it, and pin every other image', () => {
    expect(images.map((image) => image.name)).toEqual([APP_IMAGE]);
    for (const workload of workloads)
      for (const { image } of podSpec(workload).containers) {
        if (isAppImage(image)) expect(image).toBe(APP_IMAGE);
        else
          expect({ image, tag: image.slice(imageName(image).length + 1) }).toEqual({
            image,
            tag: expect.stringMatching(/^(?!latest$)\S+$/),
          });
      }
  });
});
