import { type FastifyRequest } from 'fastify';
import { parseIsoTimestamp } from '../core/time';
import { SandboxHttpError } from '../errors';

/** Query parameters of a request, read and validated one by one; a bad one is a 400 naming it. */
export class QueryParams {
  private readonly values: Record<string, unknown>;

  constructor(request: FastifyRequest) {
    this.values = (request.query ?? {}) as Record<string, unknown>;
  }

  /** Every parameter as given, for building links. */
  entries(): [string, string][] {
    return Object.entries(this.values).flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [value]).map((item): [string, string] => [name, String(item)]),
    );
  }

  string(name: string): string | undefined {
    const value = this.values[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw invalid(name, 'must be given once');
    return value;
  }

  integer(
    name: string,
    bounds: { readonly min: number; readonly max: number; readonly default: number },
  ): number {
    const text = this.string(name);
    if (text === undefined) return bounds.default;
    const value = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
    if (!(value >= bounds.min && value <= bounds.max)) {
      throw invalid(
        name,
        `must be an integer from ${bounds.min} to ${bounds.max}, got "${text.slice(0, 40)}"`,
      );
    }
    return value;
  }

  /** Milliseconds of an ISO 8601 timestamp. */
  timestamp(name: string): number | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    const ms = parseIsoTimestamp(text);
    if (ms === undefined) throw invalid(name, `must be an ISO 8601 timestamp, got "${text.slice(0, 40)}"`);
    return ms;
  }
}

export function invalid(name: string, problem: string): SandboxHttpError {
  return new SandboxHttpError(400, 'invalid_parameter', `${name} ${problem}`);
}
