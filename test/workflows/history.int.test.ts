import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ensureTemporalBinaries } from '../../devstack/temporal-binaries';
import { testStack } from '../harness/test-stack';
import { pollUntil } from '../../devstack/poll';
import { recordSyncWorkflow } from '../../workflows';
import { progressQuery, recordChangedSignal } from '../../workflows/shared/messages';
import { recordSyncWorkflowId } from '../../workflows/shared/workflow-ids';
import { createEngineStack, type EngineStack, type RunningWorkers } from '../harness/engine-stack';
import { runSync } from '../harness/run-sync';

/** The bound this project states for one run's history (workflows continue-as-new before it). */
const MAX_EVENTS_PER_RUN = 10_000;
/** `CAPTURE_HISTORIES=1` (npm run histories:refresh) rewrites the replay fixtures from these runs. */
const CAPTURE = process.env.CAPTURE_HISTORIES === '1';

/** Every string in a history, payloads decoded: where record values would show if they leaked. */
function historyText(json: string): string {
  const texts: string[] = [json];
  const visit = (value: unknown): void => {
    if (typeof value === 'string' && /^[A-Za-z0-9+/]+=*$/.test(value) && value.length >= 8) {
      texts.push(Buffer.from(value, 'base64').toString('utf8'));
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(JSON.parse(json));
  return texts.join('\n');
}

describe('workflow histories', () => {
  let stack: EngineStack;
  let workers: RunningWorkers;

  beforeAll(async () => {
    stack = await createEngineStack({
      seed: 51,
      orgs: [{ id: 'history', connector: 'hr', records: 10_000 }],
    });
    workers = await stack.startWorkers();
  });

  afterAll(async () => {
    await workers?.stop();
    await stack?.teardown();
  });

  it('hold ids, cursors and counts only (no record values) and stay within the event bound', async () => {
    const orgId = await stack.connect(stack.sandbox.orgs[0]!);
    const runs: Record<string, string> = {};
    runs.full = (await runSync(stack, 'full', { orgId })).syncId;
    await stack.sandbox.admin.mutate('history', { updates: 200, creates: 20, deletes: 10 });
    runs.delta = (await runSync(stack, 'delta', { orgId })).syncId;
    runs.reconcile = (await runSync(stack, 'reconcile', { orgId })).syncId;
    const records = await stack.client.workflow.signalWithStart(recordSyncWorkflow, {
      taskQueue: stack.taskQueue,
      workflowId: recordSyncWorkflowId(orgId),
      args: [{ orgId }],
      signal: recordChangedSignal,
      signalArgs: [{ entity: 'people', id: 'per_0000003' }],
    });
    await pollUntil(async () => (await records.query(progressQuery)).entities.people !== undefined, {
      description: 'the record sync to run',
      timeoutMs: 30_000,
    });
    await records.terminate('test done');

    const samples: string[] = [];
    for await (const person of stack.sandbox.admin.truth('history', 'people')) {
      samples.push(String(person.email), `${String(person.first_name)} ${String(person.last_name)}`);
      if (samples.length >= 400) break;
    }
    const workflowIds = {
      full: `sync:${orgId}:full`,
      delta: `sync:${orgId}:delta`,
      reconcile: `sync:${orgId}:reconcile`,
      record: recordSyncWorkflowId(orgId),
    };
    for (const [kind, workflowId] of Object.entries(workflowIds)) {
      // The CLI's JSON is the format the Web UI downloads and `Worker.runReplayHistories` reads.
      const { stdout: json } = await promisify(execFile)(
        ensureTemporalBinaries().cli,
        [
          'workflow',
          'show',
          '--address',
          testStack().temporalAddress,
          '--workflow-id',
          workflowId,
          '--output',
          'json',
        ],
        { maxBuffer: 64 * 1024 * 1024 },
      );
      const events = (JSON.parse(json) as { events: unknown[] }).events.length;
      process.stderr.write(`history: ${kind} run of 10,000 records: ${events} events\n`);
      expect(events).toBeLessThanOrEqual(MAX_EVENTS_PER_RUN);
      const text = historyText(json);
      expect(samples.filter((value) => text.includes(value))).toEqual([]);
      if (CAPTURE && kind !== 'record') {
        writeFileSync(path.join(__dirname, 'histories', `${kind}-sync.json`), json);
      }
    }
    expect(runs.full).toBeDefined();
  });
});
