import { z } from 'zod';

/**
 * The validated pieces of an organization's settings, shared by `org add` and `org update`, so
 * both accept and refuse exactly the same values. Keys are the commands' option keys.
 */
const timeZone = z.string().refine((value) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/Berlin');

const RECONCILE_HOUR = 'must be a whole hour, 0-23';
const REQUESTS_PER_SECOND = 'must be a number of requests per second, above 0 and at most 10000';

export const organizationSettings = {
  name: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  apiUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  token: z.string().min(1, 'must not be empty'),
  timezone: timeZone,
  webhookSecret: z.string().regex(/^whsec_[A-Za-z0-9+/=]+$/, 'must look like whsec_<base64>'),
  reconcileHour: z.coerce
    .number({ error: RECONCILE_HOUR })
    .int(RECONCILE_HOUR)
    .min(0, RECONCILE_HOUR)
    .max(23, RECONCILE_HOUR),
  requestsPerSecond: z.coerce
    .number({ error: REQUESTS_PER_SECOND })
    .positive(REQUESTS_PER_SECOND)
    .max(10_000, REQUESTS_PER_SECOND),
};

/** A product-chosen organization id: it becomes part of workflow and schedule ids. */
export const organizationId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lowercase letters, digits, "_" or "-" (max 63)');
