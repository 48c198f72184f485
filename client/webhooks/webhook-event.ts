import { z } from 'zod';
import type { RecordRef } from '../../workflows/shared/messages';

/** The body the API sends: `{type: "<entity>.updated", timestamp, data: {entity, id, updated_at}}`. */
const webhookEventSchema = z.object({
  type: z
    .string()
    .regex(/^[a-z][a-z0-9_]*\.(created|updated)$/, 'must be "<entity>.created" or "<entity>.updated"'),
  data: z.object({
    entity: z.string().min(1),
    id: z.string().min(1).max(256),
  }),
});

export type ParsedWebhookEvent =
  { readonly ok: true; readonly ref: RecordRef } | { readonly ok: false; readonly message: string };

/**
 * Parses and checks a webhook body against the org's entities. Messages name the offending field,
 * never its value: bodies come from outside and may carry record contents. Extra fields are allowed
 * (senders add them over time); the body is only a hint, the API stays the truth.
 */
export function parseWebhookEvent(body: Buffer, entities: readonly string[]): ParsedWebhookEvent {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    // JSON.parse's message quotes the input: do not pass it on.
    return { ok: false, message: 'body is not valid JSON' };
  }
  const parsed = webhookEventSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
    return { ok: false, message: issues.join('; ') };
  }
  const { type, data } = parsed.data;
  if (type.slice(0, type.lastIndexOf('.')) !== data.entity)
    return { ok: false, message: 'type: its entity differs from data.entity' };
  if (!entities.includes(data.entity))
    return { ok: false, message: `data.entity: must be one of ${entities.join(', ')}` };
  return { ok: true, ref: { entity: data.entity, id: data.id } };
}
