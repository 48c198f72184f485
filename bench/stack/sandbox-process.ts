import { findFreePort } from '../../devstack/free-port';
import { SandboxAdminClient } from '../../sandbox';
import { type EngineProcess, startEngineProcess } from './engine-process';

const ADMIN_TOKEN = 'bench-admin';

/** The sandbox API in a process of its own, so it never shares the worker's CPU or heap. */
export interface SandboxProcess {
  readonly url: string;
  readonly admin: SandboxAdminClient;
  readonly process: EngineProcess;
  stop(): Promise<void>;
}

/** `sync-engine sandbox` on a free port; scenarios create the orgs they need with its admin API. */
export async function startSandboxProcess(logFile: string): Promise<SandboxProcess> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const admin = new SandboxAdminClient(url, ADMIN_TOKEN);
  const args = ['sandbox', '--port', String(port), '--orgs', '1', '--records-per-org', '1'];
  const sandbox = await startEngineProcess({
    name: 'sandbox',
    args: [...args, '--pagination', 'cursor', '--admin-token', ADMIN_TOKEN],
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    logFile,
    isReady: () => admin.listOrgs().then(() => true),
  });
  return {
    url,
    admin,
    process: sandbox,
    async stop() {
      await admin.close();
      await sandbox.stop();
    },
  };
}
