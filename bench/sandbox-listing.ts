/**
 * Benchmark of the sandbox: time to seed a 1,000,000-record org, the memory it takes, and how
 * fast one client lists every person at limit 500 over a kept-alive connection. The sandbox
 * runs in a child process, so the numbers are the server's own (one core) and the client's.
 *
 *   npm run build && node dist/bench/sandbox-listing.js [--records 1000000] [--pagination cursor]
 *
 * Prints one JSON object.
 */
import { fork } from 'node:child_process';
import { Agent, request } from 'undici';
import { type PaginationStyle, startSandbox } from '../sandbox/index';

interface ServerReady {
  readonly url: string;
  readonly token: string;
  readonly readyMs: number;
  readonly memory: MemoryGrowth;
}

interface ServerReport {
  readonly cpuMs: number;
  readonly memoryAfterListing: MemoryGrowth;
}

interface MemoryGrowth {
  readonly rssMb: number;
  readonly heapUsedMb: number;
  readonly arrayBuffersMb: number;
}

const MB = 1024 * 1024;
const PAGE_SIZE = 500;

function growth(before: NodeJS.MemoryUsage, after: NodeJS.MemoryUsage): MemoryGrowth {
  const mb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;
  return {
    rssMb: mb(after.rss - before.rss),
    heapUsedMb: mb(after.heapUsed - before.heapUsed),
    arrayBuffersMb: mb(after.arrayBuffers - before.arrayBuffers),
  };
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** The child: seeds the org, reports, serves until the parent asks for its report. */
async function serve(records: number, pagination: PaginationStyle): Promise<void> {
  collectGarbage();
  const before = process.memoryUsage();
  const started = performance.now();
  const sandbox = await startSandbox({ seed: 1, orgs: [{ connector: 'hr', records, pagination }] });
  const readyMs = Math.round(performance.now() - started);
  collectGarbage();
  const [org] = sandbox.orgs;
  if (!org) throw new Error('no org');
  const cpuBefore = process.cpuUsage();
  process.send?.({
    url: sandbox.url,
    token: org.token,
    readyMs,
    memory: growth(before, process.memoryUsage()),
  });
  process.once('message', () => {
    const cpu = process.cpuUsage(cpuBefore);
    collectGarbage();
    const report: ServerReport = {
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      memoryAfterListing: growth(before, process.memoryUsage()),
    };
    process.send?.(report, () => {
      void sandbox.stop().then(() => process.exit(0));
    });
  });
}

/** The parent: starts the child, lists every person, prints the results. */
async function main(): Promise<void> {
  const records = Number(argument('--records') ?? 1_000_000);
  const pagination = (argument('--pagination') ?? 'cursor') as PaginationStyle;
  const child = fork(__filename, ['--serve', String(records), pagination], { execArgv: ['--expose-gc'] });
  const messages: unknown[] = [];
  let wake: (() => void) | undefined;
  child.on('message', (message) => {
    messages.push(message);
    wake?.();
  });
  const next = async <T>(): Promise<T> => {
    while (messages.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return messages.shift() as T;
  };
  const ready = await next<ServerReady>();

  const agent = new Agent({ connections: 1, keepAliveTimeout: 30_000 });
  const started = performance.now();
  let listed = 0;
  let pages = 0;
  let bytes = 0;
  let query = `limit=${PAGE_SIZE}`;
  for (;;) {
    const response = await request(`${ready.url}/v1/people?${query}`, {
      dispatcher: agent,
      headers: { authorization: `Bearer ${ready.token}` },
    });
    const text = await response.body.text();
    if (response.statusCode !== 200) throw new Error(`page ${pages + 1}: ${response.statusCode} ${text}`);
    const body = JSON.parse(text) as { data: unknown[]; next_cursor?: string | null; has_more?: boolean };
    listed += body.data.length;
    bytes += text.length;
    pages++;
    const link = response.headers.link;
    if (pagination === 'cursor' && body.next_cursor) query = `limit=${PAGE_SIZE}&cursor=${body.next_cursor}`;
    else if (pagination === 'page' && body.has_more) query = `limit=${PAGE_SIZE}&page=${pages + 1}`;
    else if (pagination === 'link' && typeof link === 'string')
      query = new URL(link.slice(1, link.indexOf('>'))).search.slice(1);
    else break;
  }
  const seconds = (performance.now() - started) / 1000;
  await agent.close();
  child.send('report');
  const report = await next<ServerReport>();

  process.stdout.write(
    `${JSON.stringify(
      {
        records,
        readyMs: ready.readyMs,
        memoryAfterSeeding: ready.memory,
        listing: {
          entity: 'people',
          pagination,
          pageSize: PAGE_SIZE,
          records: listed,
          pages,
          seconds: Math.round(seconds * 100) / 100,
          recordsPerSecond: Math.round(listed / seconds),
          megabytesPerSecond: Math.round((bytes / MB / seconds) * 10) / 10,
          serverCpuMs: report.cpuMs,
          recordsPerServerCpuSecond: Math.round(listed / (report.cpuMs / 1000)),
        },
        memoryAfterListing: report.memoryAfterListing,
        node: process.version,
      },
      null,
      2,
    )}\n`,
  );
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

if (process.argv[2] === '--serve') {
  serve(Number(process.argv[3]), (process.argv[4] ?? 'cursor') as PaginationStyle).catch((err: unknown) => {
    process.stderr.write(`sandbox child failed: ${String(err)}\n`);
    process.exit(1);
  });
} else if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`benchmark failed: ${String(err)}\n`);
    process.exit(1);
  });
}
