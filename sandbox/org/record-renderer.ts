import { formatId } from '../core/ids';
import { hashInts, Rng } from '../core/prng';
import { toIso } from '../core/time';
import {
  ENTITY_NAMES,
  type Corruption,
  type EntityDefinition,
  type EntityName,
  type RecordSource,
} from '../entities/entity-definition';
import { type EntityStore } from '../store/entity-store';

/** Mixed into the hash of every record, so entities of one org differ. */
const ENTITY_INDEX = Object.fromEntries(ENTITY_NAMES.map((name, index) => [name, index])) as Record<
  EntityName,
  number
>;

/** `served` is what the API returns (malformed while corrupted); `valid` is the truth. */
export type RecordForm = 'served' | 'valid';

/** Where references of an entity point: its prefix and how many records it was seeded with. */
export interface ReferenceTarget {
  readonly prefix: string;
  readonly seeded: number;
}

/**
 * Renders records from (seed, entity, slot, version). One instance per org serves every record in
 * turn (it is the RecordSource the entity definitions read), so rendering allocates nothing but
 * the record itself.
 */
export class RecordRenderer implements RecordSource {
  id = '';
  slot = 0;
  version = 0;
  createdAt = '';
  updatedAt = '';
  readonly stable = new Rng();
  readonly current = new Rng();
  private prefix = '';

  constructor(
    private readonly seed: number,
    /** References always point into the seeded range, so a version renders the same forever. */
    private readonly targets: ReadonlyMap<EntityName, ReferenceTarget>,
  ) {}

  render(
    definition: EntityDefinition,
    store: EntityStore,
    slot: number,
    form: RecordForm,
  ): Record<string, unknown> {
    const entityIndex = ENTITY_INDEX[definition.name];
    this.prefix = definition.prefix;
    this.id = formatId(definition.prefix, slot);
    this.slot = slot;
    this.version = store.version(slot);
    this.createdAt = toIso(store.createdAt(slot));
    this.updatedAt = toIso(store.updatedAt(slot));
    this.stable.reseed(hashInts(this.seed, entityIndex, slot));
    this.current.reseed(hashInts(this.seed, entityIndex, slot, this.version + 1));
    const record = definition.render(this) as unknown as Record<string, unknown>;
    if (form === 'served' && store.isCorrupted(slot)) {
      const choice = hashInts(this.seed, entityIndex, slot, this.version) % definition.corruptions.length;
      applyCorruption(record, definition.corruptions[choice]);
    }
    return record;
  }

  ref(entity: EntityName, rng: Rng): string {
    const target = this.targets.get(entity);
    if (!target) throw new Error(`This org serves no ${entity}`);
    return formatId(target.prefix, 1 + rng.int(target.seeded));
  }

  lowerRef(rng: Rng): string | null {
    return this.slot <= 1 ? null : formatId(this.prefix, 1 + rng.int(this.slot - 1));
  }
}

function applyCorruption(record: Record<string, unknown>, corruption: Corruption | undefined): void {
  if (!corruption) return;
  const path = corruption.path;
  let target = record;
  for (const key of path.slice(0, -1)) {
    const next = target[key];
    if (typeof next !== 'object' || next === null) return;
    target = next as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (last !== undefined) target[last] = corruption.value;
}
