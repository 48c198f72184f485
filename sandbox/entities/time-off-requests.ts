import { dayOf, isoDay } from '../core/time';
import { type BaseRecord, type EntityDefinition } from './entity-definition';
import { type Weighted } from '../core/prng';
import { TIME_OFF_NOTES } from './word-lists';

export const TIME_OFF_TYPES = ['vacation', 'sick', 'parental', 'unpaid', 'bereavement'] as const;
export const TIME_OFF_STATUSES = ['pending', 'approved', 'rejected', 'cancelled'] as const;

/** `hr` connector: a request for time off. */
export interface TimeOffRequestRecord extends BaseRecord {
  /** `tor_0000001` */
  readonly id: string;
  readonly person_id: string;
  readonly approver_id: string | null;
  readonly type: (typeof TIME_OFF_TYPES)[number];
  readonly status: (typeof TIME_OFF_STATUSES)[number];
  /** `YYYY-MM-DD` */
  readonly start_date: string;
  /** `YYYY-MM-DD`, not before start_date. */
  readonly end_date: string;
  /** A multiple of 0.5. */
  readonly days: number;
  readonly note: string | null;
}

const FROM_DAY = dayOf(2023, 1, 1);
const SPAN_DAYS = 3 * 365;

const TYPE_WEIGHTS: Weighted<TimeOffRequestRecord['type']> = [
  ['vacation', 60],
  ['sick', 25],
  ['parental', 5],
  ['unpaid', 7],
  ['bereavement', 3],
];

export const timeOffRequests: EntityDefinition<TimeOffRequestRecord> = {
  name: 'time_off_requests',
  prefix: 'tor',
  share: 0.5,
  render(source) {
    const { stable, current } = source;
    const startDay = FROM_DAY + current.int(SPAN_DAYS);
    const halfDays = 1 + current.int(30);
    return {
      id: source.id,
      person_id: source.ref('people', stable),
      approver_id: current.chance(0.2) ? null : source.ref('people', current),
      type: stable.weighted(TYPE_WEIGHTS),
      status: current.pick(TIME_OFF_STATUSES),
      start_date: isoDay(startDay),
      end_date: isoDay(startDay + Math.ceil(halfDays / 2) - 1),
      days: halfDays / 2,
      note: current.chance(0.6) ? null : current.pick(TIME_OFF_NOTES),
      created_at: source.createdAt,
      updated_at: source.updatedAt,
    };
  },
  corruptions: [
    { path: ['days'], value: 'two' },
    { path: ['type'], value: 'holiday' },
    { path: ['status'], value: 3 },
    { path: ['start_date'], value: null },
  ],
};
