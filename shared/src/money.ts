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

/** Whole pence as an integer, for the fast exact path (an amount of at most two places). */
export function toPence(value: DecimalBase.Value): number {
  return new Decimal(value).times(100).toNumber();
}

/**
 * amount × num ÷ den rounded to pence once, with the card's mode. Multiply first (exact),
 * divide last: the only inexact step keeps 40 significant digits.
 */
export function mulDivPence(
  amount: Decimal,
  num: DecimalBase.Value,
  den: DecimalBase.Value,
  mode: RoundingMode,
): Decimal {
  return roundPence(amount.times(num).div(den), mode);
}

/**
 * Scaled integers: numerator ÷ denominator rounded to an integer with the mode, exactly, for
 * integers 0 ≤ numerator < 2^53 and denominator > 0. The float quotient is only a first guess;
 * the remainder check makes it exact. The engine's hot loop (weeklyFeePence) runs on this.
 */
export function divideRounded(numerator: number, denominator: number, mode: RoundingMode): number {
  let q = Math.floor(numerator / denominator);
  let r = numerator - q * denominator;
  if (r < 0) {
    q -= 1;
    r += denominator;
  } else if (r >= denominator) {
    q += 1;
    r -= denominator;
  }
  if (mode === 'down' || r === 0) return q;
  const twice = 2 * r;
  if (twice > denominator) return q + 1;
  if (twice < denominator) return q;
  return mode === 'half-up' ? q + 1 : q + (q % 2);
}

/** A decimal as an exact fraction of integers: num ÷ den, den a power of ten. */
export interface ScaledFactor {
  num: bigint;
  den: bigint;
}

export function scaledFactor(value: Decimal): ScaledFactor {
  const den = 10n ** BigInt(value.decimalPlaces());
  return { num: BigInt(value.times(den.toString()).toFixed(0)), den };
}

/**
 * pence × factor rounded to whole pence with the mode, in integers of any size (bigint): a
 * whole book of agreements reviewed at one rate. Ties and 'down' go away from and towards
 * zero, as roundPence does.
 */
export function multiplyPence(pence: number, factor: ScaledFactor, mode: RoundingMode): number {
  const product = BigInt(pence) * factor.num;
  const negative = product < 0n !== factor.den < 0n;
  const n = product < 0n ? -product : product;
  const d = factor.den < 0n ? -factor.den : factor.den;
  let q = n / d;
  const twice = 2n * (n % d);
  if (mode !== 'down' && (twice > d || (twice === d && (mode === 'half-up' || q % 2n === 1n))))
    q += 1n;
  return Number(negative ? -q : q);
}

/** A percentage is shown to 2 decimal places: enough to tell 3.1% from 3.14%. */
export const PERCENT_PLACES = 2;

/**
 * A decimal fraction as a percentage (0.031 → 3.1), rounded half up to `places`: the one
 * rounding of percentages shown to people. Its text is the caller's (toFixed or toString).
 */
export function toPercent(fraction: DecimalBase.Value, places = PERCENT_PLACES): Decimal {
  return roundRate(new Decimal(fraction).times(100), places);
}

/** A rate (a decimal fraction, or a percentage) rounded half up to `places`. */
export function roundRate(rate: Decimal, places: number): Decimal {
  return rate.toDecimalPlaces(places, DecimalBase.ROUND_HALF_UP);
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
