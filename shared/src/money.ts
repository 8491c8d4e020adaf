/**
 * Money and rates. Every amount is a decimal.js value; every rounding happens here, named,
 * so the policies elsewhere read as policy. Pounds and pence: two decimal places.
 */
import DecimalBase from 'decimal.js';
import { invalid, type ErrorPath } from './errors';

/** A private Decimal with headroom: 40 significant digits, never the global default of 20. */
export const Decimal = DecimalBase.clone({ precision: 40, rounding: DecimalBase.ROUND_HALF_UP });
export type Decimal = InstanceType<typeof Decimal>;

/**
 * How a rate card rounds to pence. The house default is half up (away from zero on a tie),
 * as the commissioners' published rates are; a card may say otherwise.
 */
export type RoundingMode = 'half-up' | 'half-even' | 'down';

const MODES: Record<RoundingMode, DecimalBase.Rounding> = {
  'half-up': DecimalBase.ROUND_HALF_UP,
  'half-even': DecimalBase.ROUND_HALF_EVEN,
  down: DecimalBase.ROUND_DOWN,
};

/** Round to whole pence. */
export function roundPence(value: Decimal, mode: RoundingMode = 'half-up'): Decimal {
  return value.toDecimalPlaces(2, MODES[mode]);
}

/** The canonical text of an amount: always two decimal places, e.g. "633.68". */
export function formatPounds(value: Decimal): string {
  return value.toFixed(2);
}

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/**
 * Parse an exact decimal from a string or a JS number. Numbers are read through their
 * shortest round-trip text (String(0.1) === "0.1"), which is the value a person typed.
 */
export function toDecimal(input: unknown, what: string, path: ErrorPath = []): Decimal {
  if (input instanceof Decimal || DecimalBase.isDecimal(input))
    return new Decimal(input as Decimal);
  if (typeof input === 'number') {
    if (!Number.isFinite(input))
      throw invalid(`${what} must be a finite number, got ${input}`, path);
    return new Decimal(String(input));
  }
  if (typeof input === 'string') {
    const text = input.trim();
    if (!DECIMAL_TEXT.test(text))
      throw invalid(`${what} must be a decimal number, got "${input}"`, path);
    return new Decimal(text);
  }
  throw invalid(`${what} must be a number, got ${input === null ? 'null' : typeof input}`, path);
}

/** Parse an amount of money: a decimal with at most two places (whole pence). */
export function toMoney(input: unknown, what: string, path: ErrorPath = []): Decimal {
  const value = toDecimal(input, what, path);
  if (value.decimalPlaces() > 2) {
    throw invalid(
      `${what} must be in pounds and pence (at most 2 decimal places), got ${input}`,
      path,
    );
  }
  return value;
}

/** Parse a percentage given as a decimal fraction (0.031 = 3.1%). */
export function toRate(input: unknown, what: string, path: ErrorPath = []): Decimal {
  const value = toDecimal(input, what, path);
  if (value.lte(-1)) throw invalid(`${what} must be greater than -1 (−100%), got ${input}`, path);
  return value;
}

/** Whole pence as an integer, for the fast exact path. */
export function toPence(value: Decimal): number {
  return value.times(100).toNumber();
}

/** "633.68" from 63368 pence, exactly. */
export function penceToPounds(pence: number): string {
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  const pounds = Math.floor(abs / 100);
  const rem = abs - pounds * 100;
  return `${sign}${pounds}.${rem < 10 ? '0' : ''}${rem}`;
}

/**
 * A change as people type it: a decimal fraction ("0.031") or a percentage ("3.1%", "−0.5 %"),
 * as canonical decimal-fraction text ("0.031"). The percent sign divides by 100 exactly.
 */
export function parseChangeText(input: string, what: string, path: ErrorPath = []): string {
  const text = input
    .trim()
    .replace(/\u2212/g, '-')
    .replace(/\s+/g, '');
  const percent = text.endsWith('%');
  const value = toDecimal(percent ? text.slice(0, -1) : text, what, path);
  return (percent ? value.div(100) : value).toString();
}
