import path from 'node:path';
import { projectRoot } from '../../config/project-root.cjs';
import { SupervisedProcess } from '../../devstack/supervised-process';

/** The fleet's worker processes: real `sync-engine worker`s, killed and replaced at will. */
export class WorkerPool {
  private readonly workers: SupervisedProcess[] = [];
  private started = 0;
  /** Program pids frozen by `stallRandom` right now. */
  private readonly stalled = new Set<number>();
  readonly counts = { started: 0, killed: 0, terminated: 0, exitedOnTerm: 0, stalled: 0 };

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly logDir: string,
  ) {}

  get size(): number {
    return this.workers.filter((worker) => worker.running).length;
  }

  /** Starts workers until `count` run. */
  fill(count: number): void {
    this.prune();
    while (this.size < count) {
      this.started += 1;
      this.counts.started += 1;
      this.workers.push(
        SupervisedProcess.start({
          name: `worker-${this.started}`,
          command: process.execPath,
          args: [path.join(projectRoot(), 'bin', 'sync-engine.js'), 'worker'],
          env: this.env,
          logFile: path.join(this.logDir, `worker-${this.started}.log`),
        }),
      );
    }
  }

  /** SIGKILLs one running worker at random (a crash: no cleanup, no drain). */
  killRandom(random: () => number): boolean {
    const pid = this.pickProgramPid(random);
    if (pid === undefined) return false;
    process.kill(pid, 'SIGKILL');
    this.counts.killed += 1;
    return true;
  }

  /**
   * Freezes one running worker for `ms` (SIGSTOP, then SIGCONT), as a long GC pause or a frozen VM
   * would: what it fetched before is written after, when the source and other workers have moved on.
   */
  async stallRandom(random: () => number, ms: number): Promise<boolean> {
    const pid = pickAt(this.thawed(), random)?.programPid();
    if (pid === undefined) return false;
    this.stalled.add(pid);
    this.counts.stalled += 1;
    try {
      process.kill(pid, 'SIGSTOP');
      await new Promise((resolve) => setTimeout(resolve, ms));
    } finally {
      this.stalled.delete(pid);
      this.resume(pid);
    }
    return true;
  }

  /** SIGTERMs one running worker at random (graceful shutdown: running activities may finish). */
  async terminateRandom(random: () => number): Promise<boolean> {
    // A frozen worker would only act on SIGTERM once thawed: leave those to the stall.
    const worker = pickAt(this.thawed(), random);
    const pid = worker?.programPid();
    if (!worker || pid === undefined) return false;
    process.kill(pid, 'SIGTERM');
    this.counts.terminated += 1;
    if ((await worker.exited) === 0) this.counts.exitedOnTerm += 1;
    return true;
  }

  async stopAll(): Promise<void> {
    for (const pid of this.stalled) this.resume(pid);
    await Promise.all(this.workers.map((worker) => worker.stop()));
  }

  private pickProgramPid(random: () => number): number | undefined {
    return pickAt(
      this.workers.filter((worker) => worker.running),
      random,
    )?.programPid();
  }

  /** Running workers that are not frozen right now. */
  private thawed(): SupervisedProcess[] {
    return this.workers.filter((worker) => worker.running && !this.stalled.has(worker.programPid() ?? -1));
  }

  /** SIGCONT, unless the process is gone already (killed while frozen). */
  private resume(pid: number): void {
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      // Gone: nothing to thaw.
    }
  }

  private prune(): void {
    for (let i = this.workers.length - 1; i >= 0; i--)
      if (!this.workers[i]!.running) this.workers.splice(i, 1);
  }
}

function pickAt<T>(items: readonly T[], random: () => number): T | undefined {
  return items[Math.floor(random() * items.length)];
}
