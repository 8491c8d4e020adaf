/**
 * Reading cell arguments. Excel passes an omitted optional argument as null (or undefined)
 * and an empty cell as null or ""; dates arrive as serial numbers or as text. Every message
 * names the argument as Excel's formula bar shows it (snake_case).
 */
import { Decimal, excelSerialToIso, invalid, toIsoDate, type IsoDate } from '../../../shared/src';

export const isBlank = (value: unknown): value is null | undefined | '' =>
  value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

/**
 * A data-type value (an entity card, a linked stock or geography, a formatted number from
 * another add-in) reaches an `any` argument as an object with a `type`. Its shown value is
 * the plain number or text inside it, where there is one; anything else is refused by name.
 */
function plainValue(value: unknown, what: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const { type, basicValue } = value as { type?: unknown; basicValue?: unknown };
  if ((type === 'Double' || type === 'FormattedNumber') && typeof basicValue === 'number')
    return basicValue;
  if (type === 'String' && typeof basicValue === 'string') return basicValue;
  if (type === 'Boolean' && typeof basicValue === 'boolean') return basicValue;
  const kind = typeof type === 'string' ? `a ${type} data type` : 'an object';
  throw invalid(
    `${what} got ${kind}, not a plain value: give the field you mean, e.g. =A2.Value or FIELDVALUE(A2, "Value")`,
    [what],
  );
}

/** An Excel date serial or "YYYY-MM-DD"; undefined when blank (the caller's default applies). */
export function dateArg(raw: unknown, what: string): IsoDate | undefined {
  const value = plainValue(raw, what);
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
export function textArg(raw: unknown, what: string): string | undefined {
  const value = plainValue(raw, what);
  if (isBlank(value)) return undefined;
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return shownNumber(value);
  throw invalid(`${what} must be text, got ${JSON.stringify(value)}`, [what]);
}

export function requiredText(value: unknown, what: string): string {
  const text = textArg(value, what);
  if (text === undefined) throw invalid(`${what} is required`, [what]);
  return text;
}

/** TRUE/FALSE, 1/0, or "yes"/"no"; blank is FALSE. */
export function boolArg(raw: unknown, what: string): boolean {
  const value = plainValue(raw, what);
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

/** Excel shows (and compares) numbers to 15 significant digits. */
const EXCEL_DIGITS = 15;

/**
 * A number as Excel shows it, as exact decimal text: 77.65*7 arrives as 543.5500000000001 and
 * 5.8/100 as 0.057999999999999996; Excel shows 543.55 and 0.058, and so do we.
 */
export function shownNumber(value: number): string {
  return new Decimal(value.toPrecision(EXCEL_DIGITS)).toFixed();
}

/** A number, or numeric text, as exact decimal text read the way Excel shows it. */
function decimalArg(raw: unknown, what: string): string {
  const value = plainValue(raw, what);
  if (isBlank(value)) throw invalid(`${what} is required`, [what]);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid(`${what} must be a finite number`, [what]);
    return shownNumber(value);
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if (/^-?\d+(\.\d+)?$/.test(text)) return text;
  }
  throw invalid(`${what} must be a number, got ${JSON.stringify(value)}`, [what]);
}

/**
 * An amount of money: pounds and pence as Excel shows the number. A real third decimal place
 * is an error that says how to fix it, never a silently rounded price.
 */
export function moneyArg(raw: unknown, what: string): string {
  const text = decimalArg(raw, what);
  if (new Decimal(text).decimalPlaces() > 2) {
    throw invalid(
      `${what} must be in pounds and pence, got ${text}: round it to the penny with ROUND(…, 2)`,
      [what],
    );
  }
  return text;
}

/** A rate or change as a decimal fraction (0.058 is 5.8%), as Excel shows it. */
export const rateArg = (raw: unknown, what: string): string => decimalArg(raw, what);

/** A plain count or weight (tender weights), as Excel shows it. */
export function numberArg(raw: unknown, what: string): number {
  return Number(decimalArg(raw, what));
}

/** An engine amount ("580.03") as the number Excel shows: the double nearest the exact value. */
export const toNumber = (text: string): number => Number(text);

/** A range argument as rows without wholly blank rows. */
export function rowsArg(value: unknown, what: string): unknown[][] {
  if (!Array.isArray(value) || !value.every(Array.isArray))
    throw invalid(`${what} must be a range of cells`, [what]);
  return (value as unknown[][]).filter((row) => !row.every(isBlank));
}
