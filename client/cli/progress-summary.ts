/**
 * One line for a running sync: the entities that started, each with its phase and the pages and
 * records committed so far, e.g. `sync:o:full (parents done 1 pages, 12 fetched; children running
 * 12 pages, 6000 fetched)`.
 */
export function describeRunningSync(
  workflowId: string,
  progress: {
    readonly entities: Record<string, { phase: string; pages: number; fetched: number }>;
  } | null,
): string {
  const started = Object.entries(progress?.entities ?? {}).filter(([, e]) => e.phase !== 'pending');
  if (started.length === 0) return workflowId;
  const entities = started.map(([name, e]) => `${name} ${e.phase} ${e.pages} pages, ${e.fetched} fetched`);
  return `${workflowId} (${entities.join('; ')})`;
}
