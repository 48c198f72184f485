import { Connection } from '@temporalio/client';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../workflows/shared/search-attributes';
import { findFreePort } from './free-port';
import { PollAbortedError, pollUntil } from './poll';
import { SupervisedProcess } from './supervised-process';
import { ensureTemporalBinaries } from './temporal-binaries';

export interface TemporalDevServerOptions {
  /**
   * The SQLite file that holds the server's state; reusing it resumes every workflow. Unset: in
   * memory, gone when the server stops (throwaway servers that are never restarted).
   */
  readonly dbFile: string | undefined;
  /** gRPC port; a free one when unset. */
  readonly port?: number;
  /** Serve the Web UI on this port; no UI when unset. */
  readonly uiPort?: number;
  readonly namespace?: string;
  readonly logFile?: string;
  readonly startTimeoutMs?: number;
  /** Gives up starting (and stops the server) when aborted. */
  readonly signal?: AbortSignal;
}

export interface TemporalDevServer {
  /** host:port of the frontend gRPC service. */
  readonly address: string;
  readonly uiUrl: string | undefined;
  readonly process: SupervisedProcess;
  /** Stops the server; kills it when that takes longer than `timeoutMs` (default 20 s). */
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * Starts `temporal server start-dev` with the project's search attributes registered and waits
 * until its frontend answers.
 */
export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const { cli } = ensureTemporalBinaries();
  const port = options.port ?? (await findFreePort());
  const namespace = options.namespace ?? 'default';
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    ...(options.dbFile === undefined ? [] : ['--db-filename', options.dbFile]),
    '--log-level',
    'warn',
    ...(namespace === 'default' ? [] : ['--namespace', namespace]),
    ...(options.uiPort === undefined
      ? ['--headless']
      : ['--ui-port', String(options.uiPort), '--ui-ip', '127.0.0.1']),
    ...CUSTOM_SEARCH_ATTRIBUTES.flatMap((key) => [
      '--search-attribute',
      `${key.name}=${searchAttributeTypeName(key.type)}`,
    ]),
    // Task-queue fairness keys let one organization's backlog not delay another's tasks.
    '--dynamic-config-value',
    'matching.enableFairness=true',
  ];
  const process = SupervisedProcess.start({ name: 'temporal', command: cli, args, logFile: options.logFile });
  const address = `127.0.0.1:${port}`;
  try {
    await pollUntil(
      async () => {
        if (!process.running) throw new PollAbortedError(`temporal exited early:\n${process.recentOutput()}`);
        const connection = await Connection.connect({ address, connectTimeout: 1_000 });
        try {
          await connection.workflowService.describeNamespace({ namespace });
          return true;
        } finally {
          await connection.close();
        }
      },
      {
        description: `the Temporal dev server at ${address}`,
        timeoutMs: options.startTimeoutMs ?? 60_000,
        intervalMs: 200,
        signal: options.signal,
      },
    );
  } catch (err) {
    await process.stop();
    throw err;
  }
  return {
    address,
    uiUrl: options.uiPort === undefined ? undefined : `http://127.0.0.1:${options.uiPort}`,
    process,
    stop: (timeoutMs) => process.stop(timeoutMs),
  };
}

/** The CLI spells search attribute types as Keyword, Text, Int, … */
function searchAttributeTypeName(valueType: string): string {
  const names: Record<string, string> = {
    KEYWORD: 'Keyword',
    TEXT: 'Text',
    INT: 'Int',
    DOUBLE: 'Double',
    BOOL: 'Bool',
    DATETIME: 'Datetime',
    KEYWORD_LIST: 'KeywordList',
  };
  const name = names[valueType];
  if (!name) throw new Error(`Unsupported search attribute type ${valueType}`);
  return name;
}
