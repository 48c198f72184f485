import { Client, Connection, makeGrpcRetryInterceptor } from '@temporalio/client';
import { recordSyncWorkflow } from '../../workflows/record-sync.workflow';
import { recordChangedSignal, type RecordRef } from '../../workflows/shared/messages';
import { recordSyncWorkflowId } from '../../workflows/shared/workflow-ids';
import { TemporalUnavailableError } from './errors';
import { signalRetryOptions } from './signal-retry-policy';
import { withTimeout } from './with-timeout';

/** Where the Temporal frontend is. */
export interface TemporalTarget {
  /** `host:port` */
  readonly address: string;
  readonly namespace: string;
}

/**
 * The inbox forwarder's way into Temporal. The connection is lazy, so the receiver starts and
 * accepts while Temporal is down; gRPC reconnects by itself once it is back, with a short
 * reconnect backoff so forwarding resumes within seconds of an outage. Every call is bounded by
 * `timeoutMs`: a hung call would hold the org's forwarding turn (and its database connection).
 */
export class TemporalSignaller {
  private client: Client | undefined;
  private closed = false;
  /** Calls not settled yet, including those we stopped waiting for: close() lets them end first. */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly target: TemporalTarget,
    private readonly taskQueue: string,
    private readonly timeoutMs: number,
  ) {}

  /** Starts the org's record-sync workflow if it is not running, and signals it the change. */
  async signalRecordChanged(orgId: string, ref: RecordRef): Promise<void> {
    await this.bounded('signal-with-start', (client) =>
      client.workflow.signalWithStart(recordSyncWorkflow, {
        workflowId: recordSyncWorkflowId(orgId),
        taskQueue: this.taskQueue,
        args: [{ orgId }],
        signal: recordChangedSignal,
        signalArgs: [ref],
      }),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    // The SDK's retry timers would call into a closed channel (an uncaught throw): let them end.
    await Promise.allSettled(this.inFlight);
    await this.client?.connection.close();
    this.client = undefined;
  }

  private async bounded<T>(operation: string, call: (client: Client) => Promise<T>): Promise<T> {
    if (this.closed) throw new TemporalUnavailableError(operation, this.timeoutMs);
    const client = this.connect();
    // gRPC's deadline ends the call; our own timer covers the retry backoff past it.
    const pending = client.withDeadline(Date.now() + this.timeoutMs, () => call(client));
    this.inFlight.add(pending);
    const settled = () => this.inFlight.delete(pending);
    pending.then(settled, settled);
    try {
      return await withTimeout(pending, this.timeoutMs, `Temporal (${operation})`);
    } catch (err) {
      throw new TemporalUnavailableError(operation, this.timeoutMs, { cause: err });
    }
  }

  private connect(): Client {
    this.client ??= new Client({
      connection: Connection.lazy({
        address: this.target.address,
        // Bounded retries (see signalRetryOptions) also bound how long close() waits for retry timers.
        interceptors: [makeGrpcRetryInterceptor(signalRetryOptions())],
        channelArgs: {
          'grpc.initial_reconnect_backoff_ms': 200,
          'grpc.max_reconnect_backoff_ms': 2_000,
        },
      }),
      namespace: this.target.namespace,
    });
    return this.client;
  }
}
