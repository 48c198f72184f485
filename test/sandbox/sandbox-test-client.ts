import { Agent, request } from 'undici';
import {
  type OrgCredentials,
  type RunningSandbox,
  type StartSandboxOptions,
  startSandbox,
} from '../../sandbox/index';

export interface ApiResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

/** A bare HTTP client of the sandbox's tenant API, as the engine's API client would see it. */
export class SandboxTestClient {
  private readonly agent = new Agent({ keepAliveTimeout: 1_000 });

  constructor(readonly baseUrl: string) {}

  async get(
    path: string,
    token: string | undefined,
    options: { timeoutMs?: number } = {},
  ): Promise<ApiResponse> {
    const response = await request(path.startsWith('http') ? path : `${this.baseUrl}${path}`, {
      dispatcher: this.agent,
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
  }

  /** GETs and parses a 200 JSON answer; anything else fails the test with the answer in the message. */
  async json<T = Record<string, unknown>>(path: string, token: string): Promise<T> {
    const response = await this.get(path, token);
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${response.text}`);
    return JSON.parse(response.text) as T;
  }

  /**
   * Every page of a list endpoint in the org's pagination style, as an engine would follow them.
   * Between pages, `betweenPages` may change the server's state.
   */
  async listAll(
    org: OrgCredentials,
    entity: string,
    options: { limit: number; updatedSince?: string; betweenPages?: (page: number) => Promise<void> },
  ): Promise<{ records: Record<string, unknown>[]; pages: number }> {
    const query = new URLSearchParams({ limit: String(options.limit) });
    if (options.updatedSince !== undefined) query.set('updated_since', options.updatedSince);
    let next: string | undefined = `/v1/${entity}?${query.toString()}`;
    const records: Record<string, unknown>[] = [];
    let pages = 0;
    while (next !== undefined) {
      if (pages > 0) await options.betweenPages?.(pages);
      const response = await this.get(next, org.token);
      if (response.status !== 200) throw new Error(`GET ${next}: ${response.status} ${response.text}`);
      const body = JSON.parse(response.text) as {
        data: Record<string, unknown>[];
        next_cursor?: string | null;
        has_more?: boolean;
        page?: number;
      };
      records.push(...body.data);
      pages++;
      next = nextPage(org, entity, query, body, response.headers.link);
    }
    return { records, pages };
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

function nextPage(
  org: OrgCredentials,
  entity: string,
  query: URLSearchParams,
  body: { next_cursor?: string | null; has_more?: boolean; page?: number },
  link: string | string[] | undefined,
): string | undefined {
  const params = new URLSearchParams(query);
  switch (org.pagination) {
    case 'cursor':
      if (!body.next_cursor) return undefined;
      params.set('cursor', body.next_cursor);
      return `/v1/${entity}?${params.toString()}`;
    case 'page':
      if (!body.has_more) return undefined;
      params.set('page', String((body.page ?? 1) + 1));
      return `/v1/${entity}?${params.toString()}`;
    case 'link':
      return typeof link === 'string' ? /^<([^>]+)>; rel="next"$/.exec(link)?.[1] : undefined;
  }
}

/** The `error` of a JSON error answer. */
export function errorOf(response: ApiResponse): { code: string; message: string } {
  return (JSON.parse(response.text) as { error: { code: string; message: string } }).error;
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** Ids of records, in order. */
export function idsOf(records: readonly Record<string, unknown>[]): string[] {
  return records.map((record) => String(record.id));
}

export interface SandboxFixture {
  readonly sandbox: RunningSandbox;
  readonly client: SandboxTestClient;
  /** Credentials of an org by id (the first org without one). */
  org(id?: string): OrgCredentials;
}

/** Starts a sandbox and a client of it before the enclosing block's tests; stops both after. */
export function useSandbox(options: StartSandboxOptions): SandboxFixture {
  let running: { sandbox: RunningSandbox; client: SandboxTestClient } | undefined;
  const started = () => {
    if (!running) throw new Error('The sandbox is not started (use the fixture inside tests)');
    return running;
  };
  beforeAll(async () => {
    const sandbox = await startSandbox(options);
    running = { sandbox, client: new SandboxTestClient(sandbox.url) };
  });
  afterAll(async () => {
    await running?.client.close();
    await running?.sandbox.stop();
  });
  return {
    get sandbox() {
      return started().sandbox;
    },
    get client() {
      return started().client;
    },
    org(id) {
      const { orgs } = started().sandbox;
      const org = id === undefined ? orgs[0] : orgs.find((candidate) => candidate.id === id);
      if (!org) throw new Error(`No org ${id ?? '(first)'}`);
      return org;
    },
  };
}
