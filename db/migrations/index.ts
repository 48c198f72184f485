import type { Migration } from 'kysely';
import * as engineTables from './2026-11-26-001-engine-tables';

/**
 * Every migration, by name, in the order they apply. A static list rather than a folder scan so
 * that bundles, ts-jest and compiled output all see the same set.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-26-001-engine-tables': engineTables,
};
