import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { type z } from 'zod';
import {
  corruptBody,
  createOrgBody,
  describeIssues,
  mutateBody,
  patchOrgBody,
  truthQuery,
} from '../admin-api';
import { SandboxHttpError } from '../errors';
import { applyMutations } from '../mutations/mutation-engine';
import { corruptRecords, fixRecords } from '../mutations/record-corruption';
import { credentialsOf, type SandboxState } from '../sandbox-state';
import { bearerToken } from './bearer-token';
import { truthStream } from './truth-stream';

/** The admin API (see README): orgs, settings, mutations, corruption, truth and stats. */
export function registerAdminRoutes(app: FastifyInstance, state: SandboxState): void {
  void app.register((admin, _options, done) => {
    admin.addHook('onRequest', (request, _reply, next) => {
      if (bearerToken(request) !== state.options.adminToken) {
        next(new SandboxHttpError(401, 'unauthorized', 'The admin token is required'));
      } else {
        next();
      }
    });
    const tenantOf = (request: FastifyRequest) => state.tenant((request.params as { org: string }).org);

    admin.post('/admin/orgs', (request, reply) => {
      const tenant = state.createOrg(parse(createOrgBody, request.body));
      return reply.code(201).send(credentialsOf(tenant));
    });
    admin.get('/admin/orgs', () => ({ orgs: state.summaries() }));
    admin.patch('/admin/orgs/:org', (request) =>
      state.patchOrg(tenantOf(request), parse(patchOrgBody, request.body)),
    );
    admin.post('/admin/orgs/:org/mutate', (request) =>
      applyMutations(tenantOf(request), parse(mutateBody, request.body)),
    );
    admin.post('/admin/orgs/:org/corrupt', (request) => {
      const body = parse(corruptBody, request.body);
      return corruptRecords(tenantOf(request), body.entity, body.count);
    });
    admin.post('/admin/orgs/:org/fix', (request) => fixRecords(tenantOf(request)));
    admin.get('/admin/orgs/:org/truth/:entity', (request, reply) => {
      const { org } = tenantOf(request);
      const name = (request.params as { entity: string }).entity;
      const entity = org.entity(name);
      if (!entity)
        throw new SandboxHttpError(404, 'not_found', `Org ${org.id} serves no ${name.slice(0, 40)}`);
      const { format } = parse(truthQuery, request.query);
      return reply.type('application/x-ndjson').send(truthStream(org, entity, format));
    });
    admin.get('/admin/stats', () => state.stats.snapshot());
    done();
  });
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value ?? {});
  if (!result.success) throw new SandboxHttpError(400, 'invalid_body', describeIssues(result.error));
  return result.data;
}
