import { dayOf, isoDay } from '../core/time';
import { type BaseRecord, type EntityDefinition } from './entity-definition';
import { type Weighted } from '../core/prng';
import { emailOf, FIRST_NAMES, LAST_NAMES, SKILLS } from './word-lists';

export const EMPLOYMENT_TYPES = ['full_time', 'part_time', 'contractor', 'intern'] as const;
export const PERSON_STATUSES = ['active', 'on_leave', 'terminated'] as const;
export const CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'JPY'] as const;

/** `hr` connector: an employee or contractor. */
export interface PersonRecord extends BaseRecord {
  /** `per_0000001` */
  readonly id: string;
  readonly first_name: string;
  readonly last_name: string;
  /** Unique within the org. */
  readonly email: string;
  readonly employment_type: (typeof EMPLOYMENT_TYPES)[number];
  readonly status: (typeof PERSON_STATUSES)[number];
  readonly department_id: string;
  readonly location_id: string;
  /** A lower-numbered person, or null. */
  readonly manager_id: string | null;
  /** `YYYY-MM-DD` */
  readonly hire_date: string;
  /** `YYYY-MM-DD`, set only when terminated. */
  readonly termination_date: string | null;
  readonly salary: { readonly amount: number; readonly currency: (typeof CURRENCIES)[number] };
  readonly skills: readonly string[];
}

const HIRED_FROM_DAY = dayOf(2008, 1, 1);
const HIRED_UNTIL_DAY = dayOf(2024, 12, 31);

const CURRENCY_WEIGHTS: Weighted<PersonRecord['salary']['currency']> = [
  ['USD', 40],
  ['EUR', 25],
  ['GBP', 15],
  ['CAD', 10],
  ['JPY', 10],
];
const STATUS_WEIGHTS: Weighted<PersonRecord['status']> = [
  ['active', 85],
  ['on_leave', 7],
  ['terminated', 8],
];
const EMPLOYMENT_WEIGHTS: Weighted<PersonRecord['employment_type']> = [
  ['full_time', 75],
  ['part_time', 10],
  ['contractor', 10],
  ['intern', 5],
];

export const people: EntityDefinition<PersonRecord> = {
  name: 'people',
  prefix: 'per',
  share: 0.45,
  render(source) {
    const { stable, current } = source;
    const firstName = stable.pick(FIRST_NAMES);
    const lastName = stable.pick(LAST_NAMES);
    const hireDay = HIRED_FROM_DAY + stable.int(HIRED_UNTIL_DAY - HIRED_FROM_DAY);
    const currency = stable.weighted(CURRENCY_WEIGHTS);
    const status = current.weighted(STATUS_WEIGHTS);
    const baseAmount = 30_000 + current.int(220_000);
    return {
      id: source.id,
      first_name: firstName,
      last_name: lastName,
      email: emailOf(firstName, lastName, source.slot),
      employment_type: current.weighted(EMPLOYMENT_WEIGHTS),
      status,
      department_id: source.ref('departments', current),
      location_id: source.ref('locations', current),
      manager_id: current.chance(0.1) ? null : source.lowerRef(current),
      hire_date: isoDay(hireDay),
      termination_date: status === 'terminated' ? isoDay(hireDay + 30 + current.int(700)) : null,
      salary: {
        amount: currency === 'JPY' ? baseAmount * 150 : baseAmount + current.int(100) / 100,
        currency,
      },
      skills: current.some(SKILLS, 5),
      created_at: source.createdAt,
      updated_at: source.updatedAt,
    };
  },
  corruptions: [
    { path: ['email'], value: 12345 },
    { path: ['salary', 'amount'], value: 'n/a' },
    { path: ['status'], value: '??' },
    { path: ['skills'], value: 'python' },
    { path: ['employment_type'], value: 'robot' },
  ],
};
