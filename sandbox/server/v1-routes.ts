import { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { SandboxHttpError } from '../errors';
import { rollFault, retryAfterHeader } from '../faults/fault-roll';
import { type Org, type OrgEntity } from '../org/org';
import { type Tenant } from '../org/tenant';
import { type SandboxState } from '../sandbox-state';
import { bearerToken } from './bearer-token';
import { JSON_TYPE, sendError } from './json-error';
import { listRecords } from './list-records';
import { getRecord, listIds } from './record-handlers';

/** Holds an injected timeout this long at most; clients give up well before. */
export const TIMEOUT_HOLD_MS = 150_000;
const SERVER_ERRORS = [500, 502, 503] as const;

type V1Handler = (org: Org, entity: OrgEntity, request: FastifyRequest, reply: FastifyReply) => string;

/** The tenant API: bearer auth by org token, the org's faults, then the handler. */
export function registerV1Routes(app: FastifyInstance, state: SandboxState): void {
  // Which org a request was for, so its answer is counted under it.
  const orgOfRequest = new WeakMap<FastifyRequest, string>();
  app.addHook('onResponse', (request, reply, done) => {
    const orgId = orgOfRequest.get(request);
    if (orgId !== undefined) state.stats.countRequest(orgId, reply.statusCode);
    done();
  });

  const route = (handler: V1Handler) => async (request: FastifyRequest, reply: FastifyReply) => {
    const tenant = authenticate(state, request);
    orgOfRequest.set(request, tenant.org.id);
    return serve(state, tenant, request, reply, handler);
  };
  app.get('/v1/:entity', route(listRecords));
  app.get('/v1/:entity/ids', route(listIds));
  app.get('/v1/:entity/:id', route(getRecord));
}

function authenticate(state: SandboxState, request: FastifyRequest): Tenant {
  const token = bearerToken(request);
  const tenant = token === undefined ? undefined : state.tenantByToken(token);
  if (!tenant) {
    state.stats.countUnauthorized();
    throw new SandboxHttpError(401, 'unauthorized', 'A valid bearer token is required');
  }
  return tenant;
}

async function serve(
  state: SandboxState,
  { org, stats }: Tenant,
  request: FastifyRequest,
  reply: FastifyReply,
  handler: V1Handler,
): Promise<FastifyReply> {
  const fault = rollFault(org.faults, org.faultRng);
  const socket = request.raw.socket;
  if (fault.slow) {
    stats.faults.slow++;
    if ((await state.held.hold(socket, org.faults.slowMs)) !== 'elapsed') return abandon(reply);
  }
  switch (fault.failure) {
    case 'timeout':
      stats.faults.timeout++;
      if ((await state.held.hold(socket, TIMEOUT_HOLD_MS)) !== 'elapsed') return abandon(reply);
      return sendError(reply, 504, 'timeout', 'The request took too long');
    case 'reset':
      stats.faults.reset++;
      reply.hijack();
      socket.resetAndDestroy();
      return reply;
    case 'rate_limited':
      stats.faults.rate_limited++;
      reply.header('retry-after', retryAfterHeader(org.faults, Date.now()));
      return sendError(reply, 429, 'rate_limited', 'Too many requests');
    case 'server_error': {
      stats.faults.server_error++;
      const status = org.faultRng.pick(SERVER_ERRORS);
      return sendError(reply, status, 'server_error', `Injected ${status}`);
    }
    default:
      break;
  }
  const entityName = (request.params as { entity: string }).entity;
  const entity = org.entity(entityName);
  if (!entity)
    throw new SandboxHttpError(404, 'not_found', `This API has no ${entityName.slice(0, 40)} endpoint`);
  let body = handler(org, entity, request, reply);
  if (fault.failure === 'truncated') {
    stats.faults.truncated++;
    body = body.slice(0, 1 + org.faultRng.int(body.length - 1));
  }
  return reply.code(200).type(JSON_TYPE).send(body);
}

/** The client left (or the server is stopping): write nothing more on this socket. */
function abandon(reply: FastifyReply): FastifyReply {
  reply.hijack();
  reply.raw.socket?.destroy();
  return reply;
}
