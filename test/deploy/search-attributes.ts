import type { SearchAttributeType } from '@temporalio/common';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../../workflows/shared/search-attributes';

/** How `temporal operator search-attribute create --type` names each type. */
const CLI_TYPE_NAMES: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

/** The `SEARCH_ATTRIBUTES` pairs that register every search attribute the workflows set. */
export function expectedSearchAttributePairs(): string[] {
  return CUSTOM_SEARCH_ATTRIBUTES.map((key) => `${key.name}=${CLI_TYPE_NAMES[key.type]}`).sort();
}

/** The pairs a `SEARCH_ATTRIBUTES` value lists. */
export function searchAttributePairs(value: string | undefined): string[] {
  return (value ?? '').split(/\s+/).filter(Boolean).sort();
}
