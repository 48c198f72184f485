import fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { CapacityError, SandboxHttpError } from '../errors';
import { type SandboxState } from '../sandbox-state';
import { registerAdminRoutes } from './admin-routes';
import { sendError } from './json-error';
import { registerV1Routes } from './v1-routes';

/** The sandbox's HTTP server: the tenant API under `/v1`, the admin API under `/admin`. */
export function buildServer(state: SandboxState): FastifyInstance {
  const app = fastify({
    logger: false,
    // Stopping must not wait for held (timeout) requests or idle keep-alive clients.
    forceCloseConnections: true,
    bodyLimit: 1024 * 1024,
    keepAliveTimeout: 30_000,
  });
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error instanceof SandboxHttpError) return sendError(reply, error.status, error.code, error.message);
    if (error instanceof CapacityError) return sendError(reply, 409, 'conflict', error.message);
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return sendError(reply, status, 'bad_request', error.message);
    return sendError(reply, 500, 'internal', 'Internal error');
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, 'not_found', `No route ${request.method} ${request.url.split('?')[0] ?? ''}`),
  );
  registerV1Routes(app, state);
  registerAdminRoutes(app, state);
  app.addHook('onClose', (_app, done) => {
    state.held.releaseAll();
    done();
  });
  return app;
}
