import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP forwarder that a test can cut and restore on the same port: closing it refuses new
 * connections and resets the open ones, as a Temporal outage does for its clients.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private boundPort = 0;
  private accepted = 0;

  private constructor(private readonly target: { readonly host: string; readonly port: number }) {}

  /** An open proxy to `host:port` on a free loopback port. */
  static async start(targetAddress: string): Promise<TcpProxy> {
    const separator = targetAddress.lastIndexOf(':');
    const proxy = new TcpProxy({
      host: targetAddress.slice(0, separator),
      port: Number(targetAddress.slice(separator + 1)),
    });
    await proxy.open();
    return proxy;
  }

  get address(): string {
    return `127.0.0.1:${this.boundPort}`;
  }

  /** Connections accepted so far: whether anyone came through this way. */
  get connections(): number {
    return this.accepted;
  }

  /** Listens again (on the same port once one was bound). */
  async open(): Promise<void> {
    const server = createServer((client) => this.forward(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort, '127.0.0.1', () => resolve());
    });
    this.boundPort = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  private forward(client: Socket): void {
    this.accepted++;
    const upstream = connect(this.target.port, this.target.host);
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', cut).on('close', () => {
        this.sockets.delete(socket);
        cut();
      });
    }
    client.pipe(upstream).pipe(client);
  }
}
