import type { z } from 'zod';
import type { Organization } from '../../db/tables/organizations.table';
import type { organizationOutput } from './output-schemas';

/** An org row as the `org` commands print it: settings only, never a secret. */
export function describeOrganization(org: Organization): z.infer<typeof organizationOutput> {
  return {
    id: org.id,
    name: org.name,
    connector: org.connector,
    apiUrl: org.api_base_url,
    timezone: org.time_zone,
    reconcileHour: org.reconcile_hour,
    requestsPerSecond: org.requests_per_second,
    removed: org.removed_at !== null,
    createdAt: org.created_at.toISOString(),
  };
}
