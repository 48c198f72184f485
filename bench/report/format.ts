/** 1234567 → `1,234,567`; decimals kept as given. */
export function formatNumber(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** `≥ 0.85` / `≤ 300 MB` */
export function formatBound(comparison: 'atLeast' | 'atMost', bound: number, unit: string): string {
  return `${comparison === 'atLeast' ? '≥' : '≤'} ${formatNumber(bound, Number.isInteger(bound) ? 0 : 2)}${unit ? ` ${unit}` : ''}`;
}
