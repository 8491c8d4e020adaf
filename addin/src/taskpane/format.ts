/** Display helpers. Amounts arrive from the engine as exact pounds-and-pence text. */

/** "1234.5" → "£1,234.50". Display only: the text it formats is already the engine's figure. */
export function pounds(amount: string | null | undefined): string {
  if (amount === null || amount === undefined || amount === '') return '';
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = amount.replace(/^-/, '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '−' : ''}£${grouped}.${(fraction + '00').slice(0, 2)}`;
}

/** "0.109" → "10.9%". */
export function percent(fraction: string | null | undefined): string {
  if (fraction === null || fraction === undefined || fraction === '') return '';
  const n = Number(fraction) * 100;
  return `${Number.isFinite(n) ? Number(n.toFixed(2)).toString() : fraction}%`;
}

/** The engine's percentage "3.10" (2 places, already rounded) → "3.1%". */
export function percentage(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  return `${Number(value).toString()}%`;
}

export function dateRange(from: string, to: string | null | undefined): string {
  return to ? `${from} to ${to}` : `from ${from}`;
}
