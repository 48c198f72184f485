import { type BaseRecord, type EntityDefinition } from './entity-definition';
import { COMMENTS, emailOf, FIRST_NAMES, LAST_NAMES, WORDS } from './word-lists';

/** `ticketing` connector: a project that holds tickets. */
export interface ProjectRecord extends BaseRecord {
  /** `prj_0000001` */
  readonly id: string;
  /** 2–5 uppercase letters, unique within the org. */
  readonly key: string;
  readonly name: string;
  readonly description: string | null;
  readonly archived: boolean;
  readonly lead_email: string | null;
}

/** A unique key of 2 to 5 letters per slot (bijective base 26 from `BA`). */
export function projectKey(slot: number): string {
  let n = slot + 25;
  let key = '';
  while (n > 0) {
    key = String.fromCharCode(65 + (n % 26)) + key;
    n = Math.floor(n / 26);
  }
  return key;
}

export const projects: EntityDefinition<ProjectRecord> = {
  name: 'projects',
  prefix: 'prj',
  share: 0.02,
  render(source) {
    const { stable, current } = source;
    const word = stable.pick(WORDS);
    return {
      id: source.id,
      key: projectKey(source.slot),
      name: `${word.charAt(0).toUpperCase()}${word.slice(1)} ${stable.pick(WORDS)} ${source.slot}`,
      description: current.chance(0.3) ? null : current.pick(COMMENTS),
      archived: current.chance(0.1),
      lead_email: current.chance(0.15) ? null : emailOf(current.pick(FIRST_NAMES), current.pick(LAST_NAMES)),
      created_at: source.createdAt,
      updated_at: source.updatedAt,
    };
  },
  corruptions: [
    { path: ['archived'], value: 'no' },
    { path: ['key'], value: 123 },
    { path: ['name'], value: null },
  ],
};
