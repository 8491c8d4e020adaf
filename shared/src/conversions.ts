/**
 * Conversions commissioners make every day: a weekly rate to a daily one and back, the cost of
 * a dated period of care, and a home-support provider's size class.
 *
 * Each money result is rounded to pence once, at the end, with the given rounding mode (the
 * card's, usually), so converting never compounds rounding errors.
 */
import { invalid, type ErrorPath } from './errors';
import { Decimal, formatPounds, roundPence, toDecimal, type RoundingMode } from './money';
import { dayNumber, toIsoDate, type IsoDate } from './dates';

const DAYS_A_WEEK = 7;

function nonNegativeAmount(input: unknown, what: string, path: ErrorPath): Decimal {
  const value = toDecimal(input, what, path);
  if (value.isNegative()) throw invalid(`${what} must not be negative, got ${String(input)}`, path);
  return value;
}

/** A weekly rate as a daily one: weekly ÷ 7, rounded to pence once. */
export function weeklyToDaily(weekly: string | number, rounding: RoundingMode = 'half-up'): string {
  const amount = nonNegativeAmount(weekly, 'weekly amount', ['weekly']);
  return formatPounds(roundPence(amount.div(DAYS_A_WEEK), rounding));
}

/** A daily rate as a weekly one: daily × 7, rounded to pence once (exact when daily is in pence). */
export function dailyToWeekly(daily: string | number, rounding: RoundingMode = 'half-up'): string {
  const amount = nonNegativeAmount(daily, 'daily amount', ['daily']);
  return formatPounds(roundPence(amount.times(DAYS_A_WEEK), rounding));
}

/**
 * The number of days in a dated period, counting both ends: a placement from 1 April to
 * 7 April is 7 days, from 1 April to 1 April is 1 day. Both dates are days of care paid for,
 * as on a service receipt that names the first and last day delivered.
 */
export function periodDays(start: IsoDate, end: IsoDate): number {
  toIsoDate(start, 'start', ['start']);
  toIsoDate(end, 'end', ['end']);
  if (end < start) throw invalid(`end ${end} must not be before start ${start}`, ['end']);
  return dayNumber(end) - dayNumber(start) + 1;
}

export interface PeriodCost {
  start: IsoDate;
  end: IsoDate;
  /** Days of care, counting both ends (see periodDays). */
  days: number;
  weekly: string;
  /** weekly × days ÷ 7, rounded to pence once. */
  cost: string;
}

/**
 * The cost of a dated period at a weekly rate: weekly × days ÷ 7, the division done last and
 * the result rounded once (not a rounded daily rate times the days).
 */
export function periodCost(
  weekly: string | number,
  start: IsoDate,
  end: IsoDate,
  rounding: RoundingMode = 'half-up',
): PeriodCost {
  const amount = nonNegativeAmount(weekly, 'weekly amount', ['weekly']);
  const days = periodDays(start, end);
  const cost = roundPence(amount.times(days).div(DAYS_A_WEEK), rounding);
  return { start, end, days, weekly: formatPounds(amount), cost: formatPounds(cost) };
}

export type ProviderSize = 'Large' | 'Medium' | 'Small';

/**
 * A home-support provider's size by council-funded hours a week (Birmingham strategy):
 * Large over 2,000; Medium 1,000 to 2,000 inclusive; Small under 1,000. A provider new to the
 * city has no history of funded hours and is Small whatever it forecasts.
 */
export function providerSize(
  weeklyHours: string | number,
  options: { newToCity?: boolean } = {},
): ProviderSize {
  const hours = toDecimal(weeklyHours, 'weekly hours', ['weeklyHours']);
  if (hours.isNegative())
    throw invalid(`weekly hours must not be negative, got ${String(weeklyHours)}`, ['weeklyHours']);
  if (options.newToCity === true) return 'Small';
  if (hours.gt(2000)) return 'Large';
  if (hours.gte(1000)) return 'Medium';
  return 'Small';
}
