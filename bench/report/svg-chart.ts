/** A horizontal bar, optionally with the target it is held to (a dashed mark; green met, red missed). */
export interface ChartBar {
  readonly label: string;
  readonly value: number;
  /** The value as shown beside the bar, e.g. `25,000 records/s`. */
  readonly text: string;
  readonly target?: { readonly bound: number; readonly comparison: 'atLeast' | 'atMost' };
}

export interface ChartPanel {
  readonly title: string;
  readonly bars: readonly ChartBar[];
}

const WIDTH = 960;
const LABEL_WIDTH = 330;
const BAR_AREA = 400;
const BAR_HEIGHT = 20;
const BAR_GAP = 8;
const PANEL_TITLE = 26;
const PANEL_GAP = 18;
const COLORS = { plain: '#4c78a8', met: '#59a14f', missed: '#e15759', target: '#333333' };

/** A self-contained SVG of labelled horizontal bar panels (no dependency, readable as text). */
export function renderBarChart(title: string, subtitle: string, panels: readonly ChartPanel[]): string {
  const parts: string[] = [];
  let y = 64;
  for (const panel of panels) {
    parts.push(text(16, y, panel.title, 'font-weight="bold" font-size="15"'));
    y += PANEL_TITLE - 8;
    const scale = BAR_AREA / panelMaximum(panel);
    for (const bar of panel.bars) {
      parts.push(...renderBar(bar, y, scale));
      y += BAR_HEIGHT + BAR_GAP;
    }
    y += PANEL_GAP;
  }
  const height = y + 8;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="13">`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    text(16, 26, title, 'font-weight="bold" font-size="18"'),
    text(16, 46, subtitle, 'fill="#555555"'),
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

function renderBar(bar: ChartBar, y: number, scale: number): string[] {
  const width = Math.max(1, bar.value * scale);
  const color = bar.target ? (isMet(bar.value, bar.target) ? COLORS.met : COLORS.missed) : COLORS.plain;
  const middle = y + BAR_HEIGHT / 2 + 4;
  const parts = [
    text(LABEL_WIDTH - 8, middle, bar.label, 'text-anchor="end"'),
    `<rect x="${LABEL_WIDTH}" y="${y}" width="${width.toFixed(1)}" height="${BAR_HEIGHT}" fill="${color}"/>`,
    text(LABEL_WIDTH + width + 6, middle, bar.text),
  ];
  if (bar.target) {
    const x = (LABEL_WIDTH + bar.target.bound * scale).toFixed(1);
    parts.push(
      `<line x1="${x}" y1="${y - 3}" x2="${x}" y2="${y + BAR_HEIGHT + 3}" stroke="${COLORS.target}" stroke-width="2" stroke-dasharray="4 2"/>`,
    );
  }
  return parts;
}

/** Room for the longest bar and every target mark, with space for the value text. */
function panelMaximum(panel: ChartPanel): number {
  const values = panel.bars.flatMap((bar) => [bar.value, bar.target?.bound ?? 0]);
  return Math.max(...values, Number.MIN_VALUE) * 1.05;
}

function isMet(value: number, target: NonNullable<ChartBar['target']>): boolean {
  return target.comparison === 'atLeast' ? value >= target.bound : value <= target.bound;
}

function text(x: number, y: number, content: string, attributes = ''): string {
  return `<text x="${x}" y="${y}" ${attributes}>${escapeXml(content)}</text>`;
}

function escapeXml(value: string): string {
  return value.replace(
    /[<>&"]/g,
    (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[char]!,
  );
}
