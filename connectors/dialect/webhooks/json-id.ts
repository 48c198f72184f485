/**
 * An id read from JSON, as a string. JSON numbers are common (GitHub, HubSpot), but only integers
 * JSON.parse kept exact are accepted: a larger one has already lost digits and names another record.
 */
export function idFromJson(
  value: unknown,
  maxLength: number,
): { readonly ok: true; readonly id: string } | { readonly ok: false; readonly message: string } {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value)
      ? { ok: true, id: String(value) }
      : { ok: false, message: 'must be a string or an integer below 2^53 (larger ones lose digits in JSON)' };
  }
  if (typeof value !== 'string' || value.length === 0)
    return { ok: false, message: 'must be a string or an integer' };
  if (value.length > maxLength) return { ok: false, message: `longer than ${maxLength} characters` };
  return { ok: true, id: value };
}
