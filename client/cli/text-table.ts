/** A column of a text table: its header, and whether values are right-aligned (numbers). */
export interface TextColumn {
  readonly header: string;
  readonly align?: 'left' | 'right';
}

/**
 * Rows under a header row, each column as wide as its widest cell, two spaces apart, for a human
 * reader (scripts use `--json`). Trailing blanks are trimmed.
 */
export function formatTable(
  columns: readonly TextColumn[],
  rows: readonly (readonly string[])[],
  indent = '',
): string {
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    indent +
    columns
      .map((column, index) => {
        const cell = cells[index] ?? '';
        return column.align === 'right' ? cell.padStart(widths[index]!) : cell.padEnd(widths[index]!);
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((column) => column.header)), ...rows.map(line)].join('\n');
}
