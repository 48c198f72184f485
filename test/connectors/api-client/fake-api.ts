import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

/** What the fake server saw of one request. */
export interface SeenRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
}

export type FakeHandler = (req: IncomingMessage, res: ServerResponse, api: FakeApi) => void;

/** A local HTTP server playing the API: it records requests and counts TCP connections. */
export interface FakeApi {
  /** e.g. `http://127.0.0.1:51234` */
  readonly url: string;
  readonly requests: SeenRequest[];
  /** TCP connections accepted so far. */
  connections: number;
  close(): Promise<void>;
}

export async function startFakeApi(handler: FakeHandler): Promise<FakeApi> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const api: FakeApi = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: [],
    connections: 0,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Hanging and kept-alive sockets would hold close() open.
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
  server.on('connection', () => (api.connections += 1));
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    api.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handler(req, res, api);
  });
  return api;
}

/** Answers with a JSON body (or a raw string, sent as is) and extra headers. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}
