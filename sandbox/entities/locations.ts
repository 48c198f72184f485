import { type BaseRecord, type EntityDefinition } from './entity-definition';
import { COUNTRIES, SITE_KINDS, STREETS } from './word-lists';

/** `hr` connector: an office or site. */
export interface LocationRecord extends BaseRecord {
  /** `loc_0000001` */
  readonly id: string;
  readonly name: string;
  /** ISO 3166-1 alpha-2 */
  readonly country_code: string;
  /** IANA time zone, e.g. `Europe/Berlin` */
  readonly timezone: string;
  readonly address: {
    readonly line1: string;
    readonly city: string;
    readonly postal_code: string | null;
  };
  /** Whole number of desks, or null when not tracked. */
  readonly headcount_capacity: number | null;
}

export const locations: EntityDefinition<LocationRecord> = {
  name: 'locations',
  prefix: 'loc',
  share: 0.01,
  render(source) {
    const { stable, current } = source;
    const country = stable.pick(COUNTRIES);
    const city = stable.pick(country.cities);
    return {
      id: source.id,
      name: `${city} ${stable.pick(SITE_KINDS)} ${source.slot}`,
      country_code: country.code,
      timezone: stable.pick(country.timezones),
      address: {
        line1: `${1 + current.int(400)} ${current.pick(STREETS)}`,
        city,
        postal_code: current.chance(0.1) ? null : String(10000 + current.int(90000)),
      },
      headcount_capacity: current.chance(0.2) ? null : 10 + current.int(990),
      created_at: source.createdAt,
      updated_at: source.updatedAt,
    };
  },
  corruptions: [
    { path: ['country_code'], value: 42 },
    { path: ['headcount_capacity'], value: 'lots' },
    { path: ['address'], value: 'unknown' },
    { path: ['name'], value: null },
  ],
};
