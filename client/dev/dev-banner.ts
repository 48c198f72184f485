import type { DevSettings } from '../../devstack/dev-settings';
import type { DemoOrg } from './demo-orgs';
import { DEV_STOP_GRACE_MS } from './dev-stop';

export interface DevBannerInput {
  readonly dataDir: string;
  /** As typed, for the commands to try. */
  readonly dataDirOption: string;
  readonly stack: DevSettings;
  readonly sandbox: { readonly url: string; readonly adminToken: string };
  readonly webhooksUrl: string;
  readonly metricsPort: number;
  readonly demoOrgs: readonly DemoOrg[];
  readonly warnings: readonly string[];
}

/** What `dev` prints once everything runs: where each part is, what to try, how to stop. */
export function devBanner(input: DevBannerInput): string {
  const { stack } = input;
  return [
    `sync-engine dev is running (data and logs in ${input.dataDir})`,
    `  Temporal Web UI   ${stack.temporalUiUrl ?? '(headless)'}  (filter by OrgId to see an org's syncs)`,
    `  Temporal gRPC     ${stack.temporalAddress}`,
    `  PostgreSQL        ${stack.embeddedDatabase ? `embedded, port ${stack.ports.postgres}` : 'DATABASE_URL'}`,
    `  Sandbox API       ${input.sandbox.url}  (admin token ${input.sandbox.adminToken})`,
    `  Webhooks          ${input.webhooksUrl}/webhooks/<org id>`,
    `  Metrics           http://127.0.0.1:${input.metricsPort}/metrics`,
    `  Demo orgs         ${input.demoOrgs.map((demo) => `${demo.orgId} (tenant ${demo.sandboxOrgId})`).join(', ') || 'none'}`,
    ...input.warnings.map((warning) => `Warning: ${warning}`),
    `Try: npx sync-engine org list --data-dir ${input.dataDirOption}   ·   npx sync-engine verify --org <id> --data-dir ${input.dataDirOption}`,
    `Ctrl-C stops everything (within ${DEV_STOP_GRACE_MS / 1000} s); run again to resume.`,
    '',
  ].join('\n');
}
