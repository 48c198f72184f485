import { invalid } from './query-params';

/** Where a keyset page ends: the last record's updated_at (ms) and slot (its id's number). */
export interface CursorPosition {
  readonly updatedAtMs: number;
  readonly slot: number;
}

/** Opaque to clients; carries the entity so a cursor of one listing cannot be used on another. */
export function encodeCursor(entity: string, position: CursorPosition): string {
  return Buffer.from(`v1:${entity}:${position.updatedAtMs}:${position.slot}`).toString('base64url');
}

export function decodeCursor(entity: string, token: string): CursorPosition {
  const match = /^v1:([a-z_]+):(\d{1,16}):(\d{1,8})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match || match[1] !== entity) throw invalid('cursor', `is not a cursor of the ${entity} listing`);
  return { updatedAtMs: Number(match[2]), slot: Number(match[3]) };
}
