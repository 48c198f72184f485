import { dayOf, isoDay } from '../core/time';
import { type BaseRecord, type EntityDefinition } from './entity-definition';
import { type Weighted } from '../core/prng';
import { emailOf, FIRST_NAMES, LABELS, LAST_NAMES, VERBS, WORDS } from './word-lists';

export const TICKET_STATUSES = ['open', 'in_progress', 'blocked', 'done'] as const;
export const TICKET_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
const STORY_POINTS = [1, 2, 3, 5, 8, 13] as const;

/** `ticketing` connector: a ticket in a project, possibly a sub-ticket. */
export interface TicketRecord extends BaseRecord {
  /** `tkt_0000001` */
  readonly id: string;
  readonly project_id: string;
  /** A lower-numbered ticket, or null. */
  readonly parent_ticket_id: string | null;
  readonly title: string;
  readonly status: (typeof TICKET_STATUSES)[number];
  readonly priority: (typeof TICKET_PRIORITIES)[number];
  readonly assignee_email: string | null;
  readonly labels: readonly string[];
  readonly story_points: number | null;
  /** `YYYY-MM-DD` */
  readonly due_date: string | null;
}

const DUE_FROM_DAY = dayOf(2023, 6, 1);

const PRIORITY_WEIGHTS: Weighted<TicketRecord['priority']> = [
  ['low', 30],
  ['medium', 45],
  ['high', 20],
  ['urgent', 5],
];

export const tickets: EntityDefinition<TicketRecord> = {
  name: 'tickets',
  prefix: 'tkt',
  share: 0.49,
  render(source) {
    const { stable, current } = source;
    return {
      id: source.id,
      project_id: source.ref('projects', stable),
      parent_ticket_id: stable.chance(0.7) ? null : source.lowerRef(stable),
      title: `${stable.pick(VERBS)} ${stable.pick(WORDS)} ${stable.pick(WORDS)}`,
      status: current.pick(TICKET_STATUSES),
      priority: current.weighted(PRIORITY_WEIGHTS),
      assignee_email: current.chance(0.25)
        ? null
        : emailOf(current.pick(FIRST_NAMES), current.pick(LAST_NAMES)),
      labels: current.some(LABELS, 3),
      story_points: current.chance(0.3) ? null : current.pick(STORY_POINTS),
      due_date: current.chance(0.5) ? null : isoDay(DUE_FROM_DAY + current.int(900)),
      created_at: source.createdAt,
      updated_at: source.updatedAt,
    };
  },
  corruptions: [
    { path: ['priority'], value: 'p0' },
    { path: ['labels'], value: 'bug' },
    { path: ['story_points'], value: 'five' },
    { path: ['status'], value: '??' },
  ],
};
