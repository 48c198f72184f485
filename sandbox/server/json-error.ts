import { type FastifyReply } from 'fastify';

export const JSON_TYPE = 'application/json; charset=utf-8';

/** Answers `{"error": {"code", "message"}}` with `status`. */
export function sendError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply
    .code(status)
    .type(JSON_TYPE)
    .send(JSON.stringify({ error: { code, message } }));
}
