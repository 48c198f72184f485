import { type BaseRecord, type EntityDefinition } from './entity-definition';
import { DEPARTMENTS } from './word-lists';

/** `hr` connector: a department, possibly inside another. */
export interface DepartmentRecord extends BaseRecord {
  /** `dep_0000001` */
  readonly id: string;
  readonly name: string;
  /** A lower-numbered department, or null at the top. */
  readonly parent_department_id: string | null;
  readonly location_id: string;
  readonly cost_center: string | null;
  /** Two decimals. */
  readonly budget: number;
}

export const departments: EntityDefinition<DepartmentRecord> = {
  name: 'departments',
  prefix: 'dep',
  share: 0.04,
  render(source) {
    const { stable, current } = source;
    const base = DEPARTMENTS[(source.slot - 1) % DEPARTMENTS.length] as string;
    const round = Math.ceil(source.slot / DEPARTMENTS.length);
    return {
      id: source.id,
      name: round === 1 ? base : `${base} ${round}`,
      parent_department_id: stable.chance(0.3) ? null : source.lowerRef(stable),
      location_id: source.ref('locations', current),
      cost_center: current.chance(0.1) ? null : `CC-${1000 + current.int(9000)}`,
      budget: current.int(500_000_000) / 100,
      created_at: source.createdAt,
      updated_at: source.updatedAt,
    };
  },
  corruptions: [
    { path: ['budget'], value: '1.5M' },
    { path: ['location_id'], value: null },
    { path: ['name'], value: 7 },
  ],
};
