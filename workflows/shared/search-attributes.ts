import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** The organization a workflow syncs: `temporal workflow list --query 'OrgId="org_…"'`. */
export const ORG_ID = defineSearchAttributeKey('OrgId', SearchAttributeType.KEYWORD);
/** full | delta | reconcile | record */
export const SYNC_KIND = defineSearchAttributeKey('SyncKind', SearchAttributeType.KEYWORD);
/** The entity a workflow works on, where it works on one. */
export const ENTITY = defineSearchAttributeKey('Entity', SearchAttributeType.KEYWORD);

/** Every custom search attribute the project's workflows set; servers must register them all. */
export const CUSTOM_SEARCH_ATTRIBUTES = [ORG_ID, SYNC_KIND, ENTITY] as const;
