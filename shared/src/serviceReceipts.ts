/**
 * What a service agreement costs over dated periods: its receipt periods, the cost of any
 * stretch of days at the prices in force (the agreed price and its dated variations), and its
 * commitment for a financial year.
 *
 * Prices: an agreement's price is a list of steps, each in force from its date until the next
 * step (a variation) or the agreement's end. The cost of a stretch of days is one line per
 * price in force during it, each line periodCost (conversions.ts): weekly × days ÷ 7, rounded
 * to pence half up once; the total is the sum of the lines. So a receipt shows each price it
 * pays, and its lines add up.
 *
 * Receipt periods end on a Sunday: weekly (Monday to Sunday), or four-weekly, every 28 days
 * from the organisation's anchor Sunday. The first and last periods are cut at the
 * agreement's start and end. Because each receipt rounds its own lines, a year's receipts may
 * differ from the year's commitment (one line per price for the whole year) by up to half a
 * penny per receipt line.
 */
import { invalid } from './errors';
import { addDays, dayNumber, fromDayNumber, toIsoDate, type IsoDate } from './dates';
import { periodCost, type PeriodCost } from './conversions';
import { Decimal, formatPounds, toMoney } from './money';

export interface PriceStep {
  /** The first day this weekly price is in force. */
  from: IsoDate;
  weekly: string;
}

export interface AgreementTerms {
  start: IsoDate;
  /** The last day of care, or null while open-ended. */
  end: IsoDate | null;
  /** The agreed price first, then each variation's; dates on or after start. */
  prices: PriceStep[];
}

export interface CostOfDays {
  start: IsoDate;
  end: IsoDate;
  lines: PeriodCost[];
  total: string;
}

const later = (a: IsoDate, b: IsoDate) => (a > b ? a : b);
const earlier = (a: IsoDate, b: IsoDate) => (a < b ? a : b);

/** Check the terms; prices sorted by date, the first from the start, none after the end. */
export function checkTerms(terms: AgreementTerms): PriceStep[] {
  toIsoDate(terms.start, 'start', ['start']);
  if (terms.end !== null) {
    toIsoDate(terms.end, 'end', ['end']);
    if (terms.end < terms.start)
      throw invalid(`end ${terms.end} must not be before start ${terms.start}`, ['end']);
  }
  if (terms.prices.length === 0) throw invalid('an agreement needs a price', ['prices']);
  const prices = [...terms.prices].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  prices.forEach((p, i) => {
    toIsoDate(p.from, 'price date', ['prices', i, 'from']);
    toMoney(p.weekly, 'weekly price', ['prices', i, 'weekly']);
  });
  if (prices[0]!.from !== terms.start)
    throw invalid(`the first price must be in force from the start ${terms.start}`, [
      'prices',
      0,
      'from',
    ]);
  return prices;
}

/**
 * The cost of the days from `from` to `to` (both included) that the agreement covers: one line
 * per price in force, or no lines when the agreement does not cover any of those days.
 */
export function costOfDays(terms: AgreementTerms, from: IsoDate, to: IsoDate): CostOfDays {
  const prices = checkTerms(terms);
  const start = later(from, terms.start);
  const end = terms.end === null ? to : earlier(to, terms.end);
  const lines: PeriodCost[] = [];
  let total = new Decimal(0);
  for (let i = 0; i < prices.length; i++) {
    const next = prices[i + 1];
    const s = later(start, prices[i]!.from);
    const e = next ? earlier(end, addDays(next.from, -1)) : end;
    if (s > e) continue;
    const line = periodCost(prices[i]!.weekly, s, e);
    lines.push(line);
    total = total.plus(line.cost);
  }
  return { start: from, end: to, lines, total: formatPounds(total) };
}

export type ReceiptFrequency = 'weekly' | 'four-weekly';

/** 1970-01-04, day 3, was a Sunday. */
const isSunday = (day: number) => (((day - 3) % 7) + 7) % 7 === 0;

export interface ReceiptPeriod {
  start: IsoDate;
  end: IsoDate;
}

/**
 * The receipt periods of an agreement whose days fall on or before `until`: each ends on a
 * Sunday (weekly), or on the anchor Sunday ± a multiple of 28 days (four-weekly), cut at the
 * agreement's start and end.
 */
export function receiptPeriods(
  terms: Pick<AgreementTerms, 'start' | 'end'>,
  frequency: ReceiptFrequency,
  until: IsoDate,
  anchorSunday: IsoDate = '2024-03-31',
): ReceiptPeriod[] {
  toIsoDate(until, 'until', ['until']);
  if (!isSunday(dayNumber(anchorSunday)))
    throw invalid(`the four-weekly anchor ${anchorSunday} is not a Sunday`, ['anchorSunday']);
  const length = frequency === 'weekly' ? 7 : 28;
  const anchor = dayNumber(anchorSunday);
  const last = dayNumber(terms.end === null ? until : earlier(until, terms.end));
  const periods: ReceiptPeriod[] = [];
  let day = dayNumber(terms.start);
  while (day <= last) {
    const periodEnd = day + ((((anchor - day) % length) + length) % length);
    periods.push({ start: fromDayNumber(day), end: fromDayNumber(Math.min(periodEnd, last)) });
    day = periodEnd + 1;
  }
  return periods;
}

/** The financial year starting 1 April of `year` (2025 → 2025-04-01 to 2026-03-31). */
export function financialYear(year: number): { start: IsoDate; end: IsoDate } {
  if (!Number.isInteger(year) || year < 1900 || year > 9998)
    throw invalid(`year must be a whole year such as 2025 (for 2025/26), got ${year}`, ['year']);
  return { start: `${year}-04-01`, end: `${year + 1}-03-31` };
}

/** An agreement's commitment for the financial year starting 1 April of `year`. */
export function yearCommitment(terms: AgreementTerms, year: number): CostOfDays {
  const fy = financialYear(year);
  return costOfDays(terms, fy.start, fy.end);
}
