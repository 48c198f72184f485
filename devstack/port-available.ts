import { findFreePort } from './free-port';
import { createServer } from 'node:net';

/** Whether nothing listens on this loopback port right now. */
export function isPortAvailable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The preferred port when it is free, else any free one (dev mode keeps well-known ports when it can). */
export async function preferredOrFreePort(preferred: number): Promise<number> {
  return (await isPortAvailable(preferred)) ? preferred : findFreePort();
}
