import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isProcessAlive } from './process-alive';

/**
 * A temporary folder for one run's servers, named `<prefix><pid>-…` so that a later run can tell
 * an interrupted run's leftovers (their process is gone) and removes them first. Searchable by
 * others: the embedded PostgreSQL runs as another user when we are root.
 */
export function createRunWorkDir(prefix: string): string {
  removeWorkDirsOfDeadRuns(prefix);
  const workDir = mkdtempSync(path.join(tmpdir(), `${prefix}${process.pid}-`));
  chmodSync(workDir, 0o711);
  return workDir;
}

/** An interrupted run cannot clean up after itself; the next one removes what it left. */
function removeWorkDirsOfDeadRuns(prefix: string): void {
  for (const entry of readdirSync(tmpdir())) {
    const pid = Number(new RegExp(`^${prefix}(\\d+)-`).exec(entry)?.[1]);
    if (Number.isInteger(pid) && !isProcessAlive(pid))
      rmSync(path.join(tmpdir(), entry), { recursive: true, force: true });
  }
}
