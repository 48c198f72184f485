import { formatTable } from '../../client/cli/text-table';

describe('formatTable', () => {
  it('aligns every column under its header, numbers to the right, without trailing blanks', () => {
    const table = formatTable(
      [{ header: 'ENTITY' }, { header: 'LIVE', align: 'right' }, { header: 'NOTE' }],
      [
        ['people', '1500', ''],
        ['time_off_requests', '7', 'held'],
      ],
      '  ',
    );
    expect(table.split('\n')).toEqual([
      '  ENTITY             LIVE  NOTE',
      '  people             1500',
      '  time_off_requests     7  held',
    ]);
  });
});
