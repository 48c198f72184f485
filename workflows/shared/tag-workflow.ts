import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { ORG_ID, SYNC_KIND } from './search-attributes';

/**
 * Makes the workflow findable by org and kind (`OrgId`, `SyncKind`). Schedules, the CLI and the
 * webhook receiver set both when they start it; with `skipIfSet` (runs of the current version)
 * they are not upserted again, which would cost the server a visibility write per run for nothing.
 */
export function tagWorkflow(orgId: string, kind: string, options: { readonly skipIfSet: boolean }): void {
  const current = workflowInfo().typedSearchAttributes;
  if (options.skipIfSet && current.get(ORG_ID) === orgId && current.get(SYNC_KIND) === kind) return;
  upsertSearchAttributes([
    { key: ORG_ID, value: orgId },
    { key: SYNC_KIND, value: kind },
  ]);
}
