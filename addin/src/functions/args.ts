/**
 * Reading cell arguments. Excel passes an omitted optional argument as null (or undefined)
 * and an empty cell as null or ""; dates arrive as serial numbers or as text.
 */
import { excelSerialToIso, invalid, toIsoDate, type IsoDate } from '../../../shared/src';

export const isBlank = (value: unknown): value is null | undefined | '' =>
  value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

/** An Excel date serial or "YYYY-MM-DD"; undefined when blank (the caller's default applies). */
export function dateArg(value: unknown, what: string): IsoDate | undefined {
  if (isBlank(value)) return undefined;
  // A date-time serial's fraction is the time of day: the rate in force is by whole day.
  if (typeof value === 'number') return excelSerialToIso(Math.floor(value), what, [what]);
  if (typeof value === 'string') return toIsoDate(value.trim(), what, [what]);
  throw invalid(
    `${what} must be an Excel date or text in the form YYYY-MM-DD, got ${JSON.stringify(value)}`,
    [what],
  );
}

/** A date that must be given. */
export function requiredDate(value: unknown, what: string): IsoDate {
  const date = dateArg(value, what);
  if (date === undefined)
    throw invalid(`${what} is required (an Excel date or YYYY-MM-DD)`, [what]);
  return date;
}

/** Text such as a category or band id; a number typed in a cell (band 2) is read as its text. */
export function textArg(value: unknown, what: string): string | undefined {
  if (isBlank(value)) return undefined;
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw invalid(`${what} must be text, got ${JSON.stringify(value)}`, [what]);
}

export function requiredText(value: unknown, what: string): string {
  const text = textArg(value, what);
  if (text === undefined) throw invalid(`${what} is required`, [what]);
  return text;
}

/** TRUE/FALSE, 1/0, or "yes"/"no"; blank is FALSE. */
export function boolArg(value: unknown, what: string): boolean {
  if (isBlank(value)) return false;
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value === 'string') {
    const t = value.trim().toLowerCase();
    if (t === 'true' || t === 'yes') return true;
    if (t === 'false' || t === 'no') return false;
  }
  throw invalid(`${what} must be TRUE or FALSE, got ${JSON.stringify(value)}`, [what]);
}

/** A number or numeric text, passed to the engine as given (it parses money and rates exactly). */
export function amountArg(value: unknown, what: string): string | number {
  if (isBlank(value)) throw invalid(`${what} is required`, [what]);
  if (typeof value === 'number' || typeof value === 'string') return value;
  throw invalid(`${what} must be a number, got ${JSON.stringify(value)}`, [what]);
}

/** An engine amount ("580.03") as the number Excel shows: the double nearest the exact value. */
export const toNumber = (text: string): number => Number(text);

/** A range argument as rows without wholly blank rows. */
export function rowsArg(value: unknown, what: string): unknown[][] {
  if (!Array.isArray(value) || !value.every(Array.isArray))
    throw invalid(`${what} must be a range of cells`, [what]);
  return (value as unknown[][]).filter((row) => !row.every(isBlank));
}
