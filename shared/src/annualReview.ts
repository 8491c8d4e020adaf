/**
 * The annual price review of live agreements (Birmingham: prices "reviewed on an annual basis",
 * effective 1 April): each agreement's price in force on the review date, uplifted by the
 * review's rate for its category (or the default rate) and rounded to pence half up, becomes a
 * new price from that date. The cost of the review is what it adds to the rest of the financial
 * year: the year's cost from the review date with the new price, less the cost without it.
 */
import { invalid } from './errors';
import { financialYearStart, addDays, toIsoDate, type IsoDate } from './dates';
import { Decimal, formatPounds, roundPence, toRate } from './money';
import { costOfDays, type AgreementTerms } from './serviceReceipts';

export interface ReviewRates {
  /** The uplift for every category not named: 0.05 = 5%. */
  default: string;
  /** Per-category uplifts, where a price review sets them apart. */
  byCategory?: Record<string, string>;
}

export interface AgreementReview {
  /** The price in force on the review date. */
  before: string;
  after: string;
  rate: string;
  /** The rest of the financial year (review date to 31 March), without and with the review. */
  yearBefore: string;
  yearAfter: string;
  change: string;
}

/** The weekly price in force on a date (the last step on or before it). */
export function priceInForce(terms: AgreementTerms, date: IsoDate): string {
  let price: string | undefined;
  for (const p of terms.prices) if (p.from <= date) price = p.weekly;
  if (price === undefined) throw invalid(`no price is in force on ${date}`, ['date']);
  return price;
}

/** A weekly price uplifted by a rate, rounded once to pence half up. */
export function upliftedWeekly(weekly: string, rate: string): string {
  return formatPounds(roundPence(new Decimal(weekly).times(new Decimal(rate).plus(1))));
}

export function rateFor(rates: ReviewRates, category: string): string {
  return rates.byCategory?.[category] ?? rates.default;
}

export function checkRates(rates: ReviewRates): void {
  toRate(rates.default, 'default rate', ['rates', 'default']);
  for (const [category, rate] of Object.entries(rates.byCategory ?? {}))
    toRate(rate, `${category} rate`, ['rates', 'byCategory', category]);
}

/** Review one agreement live on the review date. */
export function reviewAgreement(
  terms: AgreementTerms,
  effectiveFrom: IsoDate,
  rate: string,
): AgreementReview {
  toIsoDate(effectiveFrom, 'effectiveFrom', ['effectiveFrom']);
  const before = priceInForce(terms, effectiveFrom);
  const after = upliftedWeekly(before, rate);
  const yearEnd = addDays(`${Number(financialYearStart(effectiveFrom).slice(0, 4)) + 1}-04-01`, -1);
  const reviewed: AgreementTerms = {
    ...terms,
    // A later variation still takes over from its own date, as it will once the review is in.
    prices: [
      ...terms.prices.filter((p) => p.from !== effectiveFrom),
      { from: effectiveFrom, weekly: after },
    ].sort((a, b) => (a.from < b.from ? -1 : 1)),
  };
  const yearBefore = costOfDays(terms, effectiveFrom, yearEnd).total;
  const yearAfter = costOfDays(reviewed, effectiveFrom, yearEnd).total;
  return {
    before,
    after,
    rate,
    yearBefore,
    yearAfter,
    change: formatPounds(new Decimal(yearAfter).minus(yearBefore)),
  };
}
