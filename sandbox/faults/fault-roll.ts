import { type FaultSettings } from '../admin-api';
import { type Rng } from '../core/prng';

/** Faults that replace the answer; a request gets at most one. */
export type FailureFault = 'timeout' | 'reset' | 'rate_limited' | 'server_error' | 'truncated';

export interface FaultDecision {
  readonly failure: FailureFault | undefined;
  /** Delay the answer (whatever it is) by `slowMs` first. */
  readonly slow: boolean;
}

const NO_FAULT: FaultDecision = { failure: undefined, slow: false };

/**
 * Decides the faults of one `/v1` request: slowness is rolled on its own, then one roll picks at
 * most one failure, each class taking its rate's share (in this order, capped at 1 in total).
 */
export function rollFault(settings: FaultSettings, rng: Rng): FaultDecision {
  const bands: readonly (readonly [FailureFault, number])[] = [
    ['timeout', settings.rateTimeout],
    ['reset', settings.rateReset],
    ['rate_limited', settings.rate429],
    ['server_error', settings.rate5xx],
    ['truncated', settings.rateTruncated],
  ];
  const slow = settings.rateSlow > 0 && rng.chance(settings.rateSlow);
  let failure: FailureFault | undefined;
  if (bands.some(([, rate]) => rate > 0)) {
    let roll = rng.float();
    for (const [kind, rate] of bands) {
      if (roll < rate) {
        failure = kind;
        break;
      }
      roll -= rate;
    }
  }
  return failure === undefined && !slow ? NO_FAULT : { failure, slow };
}

/** The Retry-After value: seconds, or the HTTP date that many seconds from now. */
export function retryAfterHeader(settings: FaultSettings, nowMs: number): string {
  return settings.retryAfterStyle === 'http-date'
    ? // HTTP dates have whole seconds: round up so the wait is never shorter than asked.
      new Date((Math.ceil(nowMs / 1000) + settings.retryAfterSeconds) * 1000).toUTCString()
    : String(settings.retryAfterSeconds);
}
