/**
 * Two task queues: `<base>` for workflows and short, latency-sensitive activities (deltas,
 * webhook record syncs, reconciliation decisions), and `<base>-bulk` for long page-by-page work
 * (full syncs, reconciliation listings). Workers poll both with separate slot limits, so a huge
 * full sync can occupy at most the bulk slots and never delays another org's delta or webhook.
 */
export function bulkTaskQueue(base: string): string {
  return `${base}-bulk`;
}
