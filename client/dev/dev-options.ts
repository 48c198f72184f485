import { z } from 'zod';

/** `sync-engine dev` options, validated (commander gives strings). */
export const devOptionsSchema = z.object({
  dataDir: z.string().min(1),
  orgs: z.coerce.number().int().min(0).max(50),
  recordsPerOrg: z.coerce.number().int().min(1).max(2_000_000),
  mutationsPerMinute: z.coerce.number().min(0).max(100_000),
  seed: z.coerce.number().int().min(0),
});
export type DevOptions = z.output<typeof devOptionsSchema>;
