/** A benchmark run whose syncs did not produce the right data measures nothing: it stops with this. */
export class BenchCheckError extends Error {
  override readonly name = 'BenchCheckError';
  constructor(
    message: string,
    /** What was checked, for the report: e.g. the org or the workflow. */
    readonly subject: string,
  ) {
    super(`${subject}: ${message}`);
  }
}
