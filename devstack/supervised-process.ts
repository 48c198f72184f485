import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import path from 'node:path';

const WATCHDOG_SCRIPT = path.join(__dirname, 'watchdog.cjs');
const TAIL_LINES = 40;

export interface SupervisedProcessOptions {
  /** A short name for messages, e.g. `temporal` or `postgres`. */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** The signal that asks the program to shut down cleanly (PostgreSQL wants SIGINT). */
  readonly stopSignal?: NodeJS.Signals;
  /** Run the program as this user (PostgreSQL refuses to run as root). */
  readonly runAs?: { readonly uid: number; readonly gid: number };
  /** Where the program's output goes; kept in memory (last lines only) when unset. */
  readonly logFile?: string;
}

/**
 * A server process started through `watchdog.cjs`, which stops it when this process ends, even
 * when this process is killed. Keeps the last lines of output for error messages.
 *
 * The watchdog and its program run in a process group of their own: a terminal's Ctrl-C (SIGINT to
 * the foreground group) reaches only the process that started them, which then stops them in
 * order, instead of the servers dying at once under a process that still uses them.
 */
export class SupervisedProcess {
  private readonly outputTail: string[] = [];
  private readonly log: WriteStream | undefined;
  /** Resolves with the exit code once the program (and its watchdog) have exited. */
  readonly exited: Promise<number | null>;
  private hasExited = false;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    logFile: string | undefined,
  ) {
    this.log = logFile ? createWriteStream(logFile, { flags: 'a' }) : undefined;
    for (const stream of [child.stdout, child.stderr])
      stream?.on('data', (chunk: Buffer) => this.record(chunk));
    this.exited = new Promise((resolve) => {
      child.on('exit', (code) => {
        this.hasExited = true;
        this.log?.end();
        resolve(code);
      });
    });
  }

  static start(options: SupervisedProcessOptions): SupervisedProcess {
    const watchdogArgs = ['--stop-signal', options.stopSignal ?? 'SIGTERM'];
    if (options.runAs)
      watchdogArgs.push('--uid', String(options.runAs.uid), '--gid', String(options.runAs.gid));
    const child = spawn(
      process.execPath,
      [WATCHDOG_SCRIPT, ...watchdogArgs, '--', options.command, ...options.args],
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        stdio: ['pipe', 'pipe', 'pipe'],
        // Its own process group (setsid), led by the watchdog; see the class comment.
        detached: true,
      },
    );
    return new SupervisedProcess(options.name, child, options.logFile);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return !this.hasExited;
  }

  /**
   * The program's own pid (not its watchdog's), to signal it directly: a SIGKILL of the program
   * is a crash the watchdog then reports by exiting. Linux only (reads /proc).
   */
  programPid(): number | undefined {
    if (this.child.pid === undefined || this.hasExited) return undefined;
    try {
      const children = readFileSync(`/proc/${this.child.pid}/task/${this.child.pid}/children`, 'utf8').trim();
      const pid = Number(children.split(/\s+/)[0]);
      return Number.isInteger(pid) && pid > 0 ? pid : undefined;
    } catch {
      return undefined;
    }
  }

  /** The last lines the program printed, for error messages. */
  recentOutput(): string {
    return this.outputTail.join('');
  }

  /**
   * Asks the program to stop (through its watchdog) and waits; kills watchdog and program if that
   * takes longer than `timeoutMs`.
   */
  async stop(timeoutMs = 20_000): Promise<void> {
    if (this.hasExited) return;
    this.child.stdin?.end();
    const timer = setTimeout(() => this.kill(), timeoutMs);
    try {
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Kills watchdog and program at once (SIGKILL to their process group): a SIGKILL of the watchdog
   * alone would leave the program running without anyone to stop it.
   */
  kill(): void {
    if (this.hasExited || this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // The group is gone already.
    }
  }

  private record(chunk: Buffer): void {
    this.log?.write(chunk);
    this.outputTail.push(chunk.toString('utf8'));
    if (this.outputTail.length > TAIL_LINES) this.outputTail.shift();
  }
}
