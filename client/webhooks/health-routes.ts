import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

/** A dependency check that rejects when the dependency does not answer in time. */
export type ReadinessProbe = () => Promise<void>;

/**
 * `GET /healthz` (the process serves: restart it if not), `GET /readyz` (every dependency answers:
 * send it traffic) and `GET /metrics` (Prometheus text).
 */
export function registerHealthRoutes(
  app: FastifyInstance,
  options: { readonly probes: Readonly<Record<string, ReadinessProbe>>; readonly registry: Registry },
): void {
  app.get('/healthz', () => ({ ok: true }));
  app.get('/readyz', async (_request, reply) => {
    const names = Object.keys(options.probes);
    const results = await Promise.allSettled(Object.values(options.probes).map((probe) => probe()));
    const checks = Object.fromEntries(
      names.map((name, index) => [name, results[index]?.status === 'fulfilled' ? 'ok' : 'unavailable']),
    );
    const ok = results.every((result) => result.status === 'fulfilled');
    return reply.code(ok ? 200 : 503).send({ ok, checks });
  });
  app.get('/metrics', async (_request, reply) =>
    reply.type(options.registry.contentType).send(await options.registry.metrics()),
  );
}
