import { fork } from 'node:child_process';

const CHILD_FLAG = '--bench-child';
const OUTPUT_TAIL_CHARS = 4_000;

type ChildReply<O> =
  { readonly ok: true; readonly result: O } | { readonly ok: false; readonly error: string };

/**
 * Runs the task a compiled bench module serves (see `serveChildTask`) in a process of its own, so
 * it has a core and a heap to itself as a script would, and returns its result.
 */
export function runChildTask<I, O>(modulePath: string, input: I): Promise<O> {
  return new Promise<O>((resolve, reject) => {
    const child = fork(modulePath, [CHILD_FLAG], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let output = '';
    for (const stream of [child.stdout, child.stderr])
      stream?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS)));
    let reply: ChildReply<O> | undefined;
    child.once('message', (message) => (reply = message as ChildReply<O>));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (reply?.ok) resolve(reply.result);
      else
        reject(
          new Error(
            `${modulePath} failed (${signal ?? `exit ${code}`}): ${reply?.error ?? 'no result'}\n${output}`,
          ),
        );
    });
    child.send(input as object);
  });
}

/** Whether this process was started by `runChildTask`. */
export function isChildTask(): boolean {
  return process.argv.includes(CHILD_FLAG);
}

/** In the child: runs `task` on the input the parent sends, replies, exits; exits too if the parent dies. */
export function serveChildTask<I, O>(task: (input: I) => Promise<O>): void {
  process.once('disconnect', () => process.exit(1));
  process.once('message', (input) => {
    const reply = (message: ChildReply<O>, code: number) => process.send?.(message, () => process.exit(code));
    task(input as I).then(
      (result) => reply({ ok: true, result }, 0),
      (err: unknown) =>
        reply({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }, 1),
    );
  });
}
