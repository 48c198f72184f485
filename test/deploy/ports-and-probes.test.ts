import { type Config, configSchema } from '../../config/config';
import { optionValue, probeFor } from '../../deploy/docker/healthcheck.cjs';
import { readDockerfile } from './dockerfile';
import { allContainers, composeContainers, isAppImage, type Container } from './processes';

/**
 * What each long-running process serves, and the setting that gives its port unless a `--port`
 * option does: a worker's metrics server (observability/metrics-server.ts) and the webhook receiver
 * (client/webhooks/health-routes.ts).
 */
const SERVED: Record<
  string,
  { readonly port: 'METRICS_PORT' | 'WEBHOOK_PORT'; readonly paths: readonly string[] }
> = {
  worker: { port: 'METRICS_PORT', paths: ['/healthz', '/metrics'] },
  webhooks: { port: 'WEBHOOK_PORT', paths: ['/healthz', '/readyz', '/metrics'] },
};

/** The configuration a container's process runs with, or undefined where its values are invalid. */
function configOf(container: Container): Config | undefined {
  const parsed = configSchema.safeParse(container.env);
  return parsed.success ? parsed.data : undefined;
}

describe('ports, probes and stop grace in the deployment files', () => {
  const appContainers = allContainers().filter((container) => isAppImage(container.image));
  const byRole = (role: string) => appContainers.filter((container) => container.argv[0] === role);

  it('expose and probe the port each process listens on, at paths it serves', () => {
    const problems = Object.entries(SERVED).flatMap(([role, served]) =>
      byRole(role).flatMap((container) => {
        const config = configOf(container);
        if (!config) return [`${container.source}: invalid configuration`];
        const port = Number(optionValue(container.argv, '--port') ?? config[served.port]);
        return [
          ...(container.ports.includes(port)
            ? []
            : [`${container.source}: ${served.port} ${port} is not exposed`]),
          ...container.httpChecks.flatMap((check) => [
            ...(check.port === port
              ? []
              : [`${container.source}: ${check.what} on port ${check.port}, not ${port}`]),
            ...(served.paths.includes(check.path)
              ? []
              : [`${container.source}: ${check.what} on ${check.path}`]),
          ]),
        ];
      }),
    );
    expect(byRole('worker').length).toBeGreaterThan(0);
    expect(byRole('webhooks').length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('probe every Kubernetes worker and webhook receiver for liveness and readiness', () => {
    const unprobed = [...byRole('worker'), ...byRole('webhooks')]
      .filter((container) => container.source.startsWith('deploy/k8s'))
      .filter((container) => {
        const kinds = container.httpChecks.map((check) => check.what);
        return !kinds.includes('readinessProbe') || !kinds.includes('livenessProbe');
      })
      .map((container) => container.source);
    expect(unprobed).toEqual([]);
  });

  it('publish the port the sandbox listens on, on every interface of its container', () => {
    for (const container of byRole('sandbox')) {
      expect(container.ports).toContain(Number(optionValue(container.argv, '--port')));
      expect(optionValue(container.argv, '--host')).toBe('0.0.0.0');
    }
  });

  it("let the image's health check reach each compose process", () => {
    const problems = composeContainers()
      .filter((container) => isAppImage(container.image))
      .flatMap((container) => {
        const config = configOf(container);
        const probe = config && probeFor(['node', 'bin/sync-engine.js', ...container.argv], config);
        if (!probe) return [];
        const port = probe.kind === 'tcp' ? probe.port : Number(new URL(probe.url).port);
        return container.ports.includes(port)
          ? []
          : [`${container.source}: health check port ${port} not exposed`];
      });
    expect(problems).toEqual([]);
  });

  it('give workers more time to stop than WORKER_SHUTDOWN_GRACE_SECONDS', () => {
    const workers = byRole('worker');
    expect(workers.length).toBeGreaterThan(0);
    for (const worker of workers) {
      const grace = configOf(worker)?.WORKER_SHUTDOWN_GRACE_SECONDS;
      expect({
        source: worker.source,
        exceedsGrace: grace !== undefined && worker.stopGraceSeconds > grace,
      }).toEqual({ source: worker.source, exceedsGrace: true });
    }
  });

  it('expose the default ports in the image', () => {
    const defaults = configSchema.parse({});
    const exposed = (readDockerfile().stages.at(-1)?.instructions ?? [])
      .filter((instruction) => instruction.keyword === 'EXPOSE')
      .flatMap((instruction) => instruction.value.split(/\s+/).map((port) => Number(port.split('/')[0])));
    expect(exposed).toEqual(expect.arrayContaining([defaults.WEBHOOK_PORT, defaults.METRICS_PORT]));
  });
});
