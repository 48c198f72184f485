import { StringDecoder } from 'node:string_decoder';
import { Agent, request } from 'undici';
import {
  type CorruptRequest,
  type CorruptResult,
  type CreateOrgRequest,
  DEFAULT_ADMIN_TOKEN,
  type FixResult,
  type MutateRequest,
  type MutationResult,
  type OrgCredentials,
  type OrgSummary,
  type PatchOrgRequest,
  type TruthId,
} from './admin-api';
import { type EntityName } from './entities/entity-definition';
import { SandboxAdminError } from './errors';
import { type SandboxStatsSnapshot } from './stats/sandbox-stats';

type Method = 'GET' | 'POST' | 'PATCH';

/**
 * Typed client of the sandbox's admin API, for tests, benchmarks and chaos tools.
 *
 * @example
 * const admin = new SandboxAdminClient('http://127.0.0.1:4010');
 * const org = await admin.createOrg({ connector: 'hr', records: 10_000 });
 * await admin.mutate(org.id, { updates: 50, tieBurst: 10 });
 * for await (const record of admin.truth(org.id, 'people')) check(record);
 */
export class SandboxAdminClient {
  private readonly dispatcher = new Agent({ keepAliveTimeout: 10_000 });

  constructor(
    readonly baseUrl: string,
    private readonly adminToken: string = DEFAULT_ADMIN_TOKEN,
  ) {}

  createOrg(body: CreateOrgRequest): Promise<OrgCredentials> {
    return this.json('POST', '/admin/orgs', body);
  }

  async listOrgs(): Promise<OrgSummary[]> {
    return (await this.json<{ orgs: OrgSummary[] }>('GET', '/admin/orgs')).orgs;
  }

  patchOrg(orgId: string, patch: PatchOrgRequest): Promise<OrgSummary> {
    return this.json('PATCH', `/admin/orgs/${encodeURIComponent(orgId)}`, patch);
  }

  mutate(orgId: string, batch: MutateRequest): Promise<MutationResult> {
    return this.json('POST', `/admin/orgs/${encodeURIComponent(orgId)}/mutate`, batch);
  }

  corrupt(orgId: string, body: CorruptRequest): Promise<CorruptResult> {
    return this.json('POST', `/admin/orgs/${encodeURIComponent(orgId)}/corrupt`, body);
  }

  fix(orgId: string): Promise<FixResult> {
    return this.json('POST', `/admin/orgs/${encodeURIComponent(orgId)}/fix`, {});
  }

  /** Every live record of the entity in its valid form, in id order, streamed line by line. */
  truth(orgId: string, entity: EntityName): AsyncIterable<Record<string, unknown>> {
    return this.ndjson(truthPath(orgId, entity, 'records'));
  }

  /** Every live record's id and updated_at, in id order, streamed line by line. */
  truthIds(orgId: string, entity: EntityName): AsyncIterable<TruthId> {
    return this.ndjson(truthPath(orgId, entity, 'ids'));
  }

  stats(): Promise<SandboxStatsSnapshot> {
    return this.json('GET', '/admin/stats');
  }

  /** Closes kept-alive connections. */
  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  private async json<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const response = await this.send(method, path, body);
    const text = await response.body.text();
    if (response.statusCode >= 300) throw errorOf(method, path, response.statusCode, text);
    return JSON.parse(text) as T;
  }

  private async *ndjson<T>(path: string): AsyncGenerator<T> {
    const response = await this.send('GET', path);
    if (response.statusCode !== 200) {
      throw errorOf('GET', path, response.statusCode, await response.body.text());
    }
    const decoder = new StringDecoder('utf8');
    let rest = '';
    try {
      for await (const chunk of response.body) {
        const lines = (rest + decoder.write(chunk as Buffer)).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) if (line !== '') yield JSON.parse(line) as T;
      }
      rest += decoder.end();
      if (rest.trim() !== '') yield JSON.parse(rest) as T;
    } finally {
      // The caller may stop early: do not leave the rest of the stream on the connection.
      if (!response.body.readableEnded) response.body.destroy();
    }
  }

  private send(method: Method, path: string, body?: unknown) {
    return request(new URL(path, this.baseUrl), {
      method,
      dispatcher: this.dispatcher,
      headers: {
        authorization: `Bearer ${this.adminToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
}

function truthPath(orgId: string, entity: EntityName, format: 'records' | 'ids'): string {
  return `/admin/orgs/${encodeURIComponent(orgId)}/truth/${encodeURIComponent(entity)}?format=${format}`;
}

function errorOf(method: Method, path: string, status: number, text: string): SandboxAdminError {
  let code: string | undefined;
  let message = text.slice(0, 200);
  try {
    const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
    code = parsed.error?.code;
    message = parsed.error?.message ?? message;
  } catch {
    // Not JSON: keep the start of the text.
  }
  const request = `${method} ${path.split('?')[0] ?? path}`;
  return new SandboxAdminError(`${request} failed with ${status}: ${message}`, status, code, request);
}
