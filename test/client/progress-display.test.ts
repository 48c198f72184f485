import { Writable } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { ProgressDisplay } from '../../client/cli/progress-display';
import { BAR_WIDTH, entityBar, formatEntityLine } from '../../client/cli/progress-line';
import { describeRunningSync } from '../../client/cli/progress-summary';
import { type EntityPhase, newEntityProgress, type SyncProgress } from '../../workflows/shared/sync-progress';

const FULL = '█'.repeat(BAR_WIDTH);
const EMPTY = '░'.repeat(BAR_WIDTH);

function entity(phase: EntityPhase, pages: number, expected?: number | null) {
  return { ...newEntityProgress(phase), pages, fetched: pages * 500, upserted: pages * 500, expected };
}

/** A stream that says it is a terminal, so cli-progress draws on it. */
function fakeTerminal(columns: number) {
  let written = '';
  const writable = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString();
      done();
    },
  });
  const stream = Object.assign(writable, { isTTY: true, columns });
  // Each line is drawn from column 1 (ESC [1G); its text without the sequences that move the cursor.
  const lines = () =>
    written.split('\u001b[1G').map((line) => stripVTControlCharacters(line).replace(/[\r\n]/g, ''));
  return { stream, lines };
}

describe('sync progress bars', () => {
  it('are full for an entity that is done, skipped or held, whatever their counts', () => {
    for (const phase of ['done', 'skipped', 'held'] as const) {
      expect(entityBar(entity(phase, 0))).toBe(FULL);
      expect(entityBar(entity(phase, 7, 1_000))).toBe(FULL);
    }
  });

  it('fill by fetched records when an expected count is known, short of full until done', () => {
    expect(entityBar(entity('running', 2, 2_000))).toBe('█'.repeat(15) + '░'.repeat(15));
    // The estimate was short: more records than expected, not done yet.
    expect(entityBar(entity('running', 9, 2_000))).toBe('█'.repeat(BAR_WIDTH - 1) + '░');
    expect(formatEntityLine('people', entity('running', 2, 2_000), 200)).toContain(
      'running ~50% | pages 2 | fetched 1000 of ~2000',
    );
  });

  it('without an expected count, move one step per committed page', () => {
    expect(entityBar(entity('running', 0))).toBe(EMPTY);
    const bars = [1, 2, 3].map((pages) => entityBar(entity('running', pages)));
    for (const bar of bars) {
      expect(bar).toHaveLength(BAR_WIDTH);
      expect(bar).toContain('█');
    }
    expect(new Set(bars).size).toBe(3);
  });

  it('clip a line to the terminal width, so it never wraps', () => {
    expect(formatEntityLine('people', entity('running', 3), 60)).toHaveLength(59);
  });

  it('draw a full bar on the terminal once the entity is done', () => {
    const terminal = fakeTerminal(100);
    const display = new ProgressDisplay(terminal.stream);
    const progress = (phase: EntityPhase): SyncProgress => ({
      orgId: 'org',
      kind: 'full',
      syncId: 'sync',
      status: phase === 'done' ? 'succeeded' : 'running',
      entities: { people: entity(phase, 4) },
    });
    display.update(progress('running'));
    display.update(progress('done'));
    display.stop();
    const last = terminal
      .lines()
      .filter((line) => line.includes('people'))
      .at(-1)!;
    expect(last).toContain(`[${FULL}] done`);
    expect(last.length).toBeLessThan(100);
  });

  it("name a running sync's started entities with their committed pages in status", () => {
    const entities = {
      locations: entity('done', 1),
      people: entity('running', 12),
      teams: entity('pending', 0),
    };
    expect(describeRunningSync('sync:o:full', { entities })).toBe(
      'sync:o:full (locations done 1 pages, 500 fetched; people running 12 pages, 6000 fetched)',
    );
    expect(describeRunningSync('record:o:people:1', null)).toBe('record:o:people:1');
  });
});

describe('ProgressDisplay on a stream that is not a terminal', () => {
  it('draws nothing, also when stopped (cli-progress would render bars it never started)', () => {
    const written: string[] = [];
    const pipe = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written.push(chunk.toString());
        done();
      },
    });
    const display = new ProgressDisplay(pipe);
    display.update({
      orgId: 'o',
      kind: 'delta',
      syncId: 's',
      status: 'running',
      entities: { parents: newEntityProgress('running') },
    });
    display.stop();
    expect(written).toEqual([]);
  });
});
