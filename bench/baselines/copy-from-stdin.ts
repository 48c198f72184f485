import pg from 'pg';

/** The part of pg's connection a COPY FROM STDIN writes to (pg's own API, not in its type declarations). */
interface CopyConnection {
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/** `COPY … FROM STDIN` with its whole data in memory: pg runs it like any query (no extra package). */
class CopyFromStdin extends pg.Query {
  constructor(
    text: string,
    private readonly data: Buffer,
  ) {
    super(text);
  }

  /** pg calls this when the server is ready for the data. */
  handleCopyInResponse(connection: CopyConnection): void {
    connection.sendCopyFromChunk(this.data);
    connection.endCopyFrom();
  }
}

/** Runs a `COPY … FROM STDIN` statement with `data` (text format) on this client. */
export function copyFromStdin(client: pg.ClientBase, text: string, data: Buffer): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const query = new CopyFromStdin(text, data);
    query.on('end', () => resolve());
    query.on('error', reject);
    client.query(query);
  });
}

/** One value in COPY's text format: `\N` for null, backslash escapes for the separators. */
export function copyTextValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.replace(/[\\\t\n\r]/g, (char) => COPY_ESCAPES[char]!);
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
