import { z } from 'zod';
import { ApiFatalError } from './errors';
import { toRecordIssues } from './zod-issues';

/**
 * Every list style's body: `data` plus the fields of one pagination style (which style decides which
 * fields are required; see list-pagination.ts). Records stay `unknown` here: each is validated
 * against its entity's schema on its own, so one bad record cannot fail the page.
 */
export const listEnvelopeSchema = z.object({
  data: z.array(z.unknown()),
  next_cursor: z.string().min(1).nullable().optional(),
  page: z.number().int().min(1).optional(),
  per_page: z.number().int().min(0).optional(),
  has_more: z.boolean().optional(),
});
export type ListEnvelope = z.infer<typeof listEnvelopeSchema>;

export const getEnvelopeSchema = z.object({ data: z.record(z.string(), z.unknown()) });

export const idListingEnvelopeSchema = z.object({
  data: z.array(z.object({ id: z.string().min(1), updated_at: z.string().min(1) })),
  next_after: z.string().min(1).nullable(),
});

/** `{"error": {"code", "message"}}`; read leniently, since it only decorates an error we throw anyway. */
export const errorEnvelopeSchema = z.object({
  error: z.object({ code: z.string().optional(), message: z.string().optional() }),
});

/** Most issues named in a wrong-shape error; the first few say what is wrong. */
const MAX_REPORTED_ISSUES = 5;

/**
 * Checks a parsed JSON body against its envelope. A well-formed JSON of the wrong shape is not
 * something retrying fixes: ApiFatalError naming the paths and types found (never the values).
 */
export function parseEnvelope<S extends z.ZodType>(
  schema: S,
  json: unknown,
  what: string,
  status: number,
  request: string,
): z.output<S> {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  throw wrongShape(`${what}: ${describeIssues(result.error.issues, json)}`, status, request);
}

export function wrongShape(problem: string, status: number, request: string): ApiFatalError {
  return new ApiFatalError(`${request}: the response has the wrong shape: ${problem}`, status, request);
}

function describeIssues(issues: readonly z.core.$ZodIssue[], json: unknown): string {
  const described = toRecordIssues(issues, json);
  return described
    .slice(0, MAX_REPORTED_ISSUES)
    .map((issue) => `${issue.path || '(body)'}: ${issue.message}, got ${issue.receivedType}`)
    .join('; ');
}
