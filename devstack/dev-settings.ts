import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * What a running `sync-engine dev` tells other commands (`--data-dir D`): where its servers are.
 * Also remembers the ports and the demo orgs, so a restarted dev instance comes back at the same
 * addresses without re-adding anything.
 */
export const devSettingsSchema = z.object({
  temporalAddress: z.string(),
  temporalUiUrl: z.string().optional(),
  databaseUrl: z.string(),
  /** Whether `dev` runs the database itself (embedded) or uses DATABASE_URL. */
  embeddedDatabase: z.boolean(),
  ports: z.object({
    temporal: z.number().int(),
    temporalUi: z.number().int(),
    postgres: z.number().int().optional(),
    sandbox: z.number().int().optional(),
    webhooks: z.number().int().optional(),
    metrics: z.number().int().optional(),
  }),
  /** The demo source API and its admin token (dev only). */
  sandbox: z.object({ url: z.string(), adminToken: z.string() }).optional(),
  webhooksUrl: z.string().optional(),
  /**
   * dev's own sandbox tenants (`demo1`…) and the engine org that syncs each. Other tenants (made
   * with the admin API, synced by orgs added with `org add`) are never listed: dev leaves them be.
   */
  demoOrgs: z.array(z.object({ orgId: z.string(), sandboxOrgId: z.string() })).default([]),
  pid: z.number().int(),
});
export type DevSettings = z.output<typeof devSettingsSchema>;

const fileOf = (dataDir: string) => path.join(dataDir, 'dev.json');

export function readDevSettings(dataDir: string): DevSettings | undefined {
  const file = fileOf(dataDir);
  if (!existsSync(file)) return undefined;
  const parsed = devSettingsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a valid dev settings file: ${parsed.error.message}`);
  return parsed.data;
}

export function writeDevSettings(dataDir: string, settings: DevSettings): void {
  writeFileSync(fileOf(dataDir), `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
}
