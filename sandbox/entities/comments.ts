import { type BaseRecord, type EntityDefinition } from './entity-definition';
import { COMMENTS, emailOf, FIRST_NAMES, LAST_NAMES } from './word-lists';

/** `ticketing` connector: a comment on a ticket. */
export interface CommentRecord extends BaseRecord {
  /** `cmt_0000001` */
  readonly id: string;
  readonly ticket_id: string;
  readonly author_email: string;
  readonly body: string;
  /** True once the comment has been updated. */
  readonly edited: boolean;
}

export const comments: EntityDefinition<CommentRecord> = {
  name: 'comments',
  prefix: 'cmt',
  share: 0.49,
  render(source) {
    const { stable, current } = source;
    const sentences = 1 + current.int(3);
    let body = current.pick(COMMENTS);
    for (let i = 1; i < sentences; i++) body += ` ${current.pick(COMMENTS)}`;
    return {
      id: source.id,
      ticket_id: source.ref('tickets', stable),
      author_email: emailOf(stable.pick(FIRST_NAMES), stable.pick(LAST_NAMES)),
      body,
      edited: source.version > 0,
      created_at: source.createdAt,
      updated_at: source.updatedAt,
    };
  },
  corruptions: [
    { path: ['body'], value: null },
    { path: ['edited'], value: 'yes' },
    { path: ['author_email'], value: 42 },
  ],
};
