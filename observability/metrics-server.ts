import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

/** Serves `GET /metrics` (Prometheus text format) and `GET /healthz` on its own port. */
export async function startMetricsServer(options: {
  readonly port: number;
  readonly host?: string;
  readonly registries: readonly Registry[];
  /** Other Prometheus endpoints of this process to include (the Temporal SDK core's own). */
  readonly extraSources?: readonly string[];
}): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.get('/metrics', async (_request, reply) => {
    const texts = await Promise.all([
      ...options.registries.map((registry) => registry.metrics()),
      ...(options.extraSources ?? []).map((url) =>
        fetch(url, { signal: AbortSignal.timeout(2_000) })
          .then((response) => response.text())
          .catch(() => ''),
      ),
    ]);
    return reply.type('text/plain; version=0.0.4').send(texts.join('\n'));
  });
  app.get('/healthz', () => ({ ok: true }));
  await app.listen({ port: options.port, host: options.host ?? '0.0.0.0' });
  return app;
}
