import { z } from 'zod';

/** ISO 8601 timestamp with a UTC offset, as APIs send `updated_at`. */
export const isoTimestamp = z.iso.datetime({ offset: true });

/** Calendar date `YYYY-MM-DD`. */
export const isoDate = z.iso.date();

/** Every synced record has these. */
export const recordIdentity = {
  id: z.string().min(1),
  created_at: isoTimestamp,
  updated_at: isoTimestamp,
};
