/**
 * carefee's Excel custom functions: =CARE.FEE(...) and friends. One small function per entry,
 * each calling one engine function; Excel's metadata (functions.json) is generated from the
 * JSDoc here, and the build appends CustomFunctions.associate(id, fn) for each @customfunction
 * (custom-functions-metadata-plugin). Errors become Excel errors in one place (errors.ts).
 *
 * Card-based functions answer synchronously when the card is already held (a warm sheet makes
 * no requests and queues no promises) and return a promise only while a card is fetched.
 * `card` is a family id ("bham-care-homes": the version in force on the date, or the version
 * the workbook pins) or one version ("bham-care-homes@3"). Dates are Excel dates or
 * "YYYY-MM-DD"; a blank date means today.
 */
import {
  Decimal,
  careCost,
  changeBetween,
  chcTierFee,
  compileCard,
  feeSchedule,
  formatPounds,
  inspectionsFromRows,
  parseRateCard,
  periodCost,
  ratingFromInspections,
  findSeries,
  fncRate,
  indexChange,
  indexValue,
  scoreTender,
  toRating,
  upliftAmount,
  careChange,
  weeklyFee,
  weeklyFeePence,
  invalid,
  pricingQuality,
  RATINGS,
  type Rating,
  type TenderBid,
} from '../../../shared/src';
import type { StandingReply } from '../../../shared/src/contract/providers';
import { getCarefee } from '../core';
import { parseCardRef, type CachedCard } from '../core/cardCache';
import {
  amountArg,
  boolArg,
  dateArg,
  isBlank,
  requiredDate,
  requiredText,
  rowsArg,
  textArg,
  toNumber,
} from './args';
import { excel, notAvailable } from './errors';

/** Look the card up (synchronously when held) and use it. */
function withCard<T>(
  cardArg: unknown,
  dateValue: unknown,
  use: (card: CachedCard) => T,
): T | Promise<T> {
  const ref = parseCardRef(cardArg);
  const date = dateArg(dateValue, 'date');
  const { cache } = getCarefee();
  const held = cache.peek(ref, date);
  if (held) return use(held);
  return cache.get(ref, date).then(use);
}

/** A provider's standing on a date (today when blank), synchronously when held. */
function withStanding<T>(
  ref: string,
  dateValue: unknown,
  use: (standing: StandingReply) => T,
): T | Promise<T> {
  const { standings, cache } = getCarefee();
  const date = dateArg(dateValue, 'date') ?? cache.today();
  const held = standings.peek(ref, date);
  if (held) return use(held);
  return standings.get(ref, date).then(use);
}

/**
 * CARE.FEE's rating argument: a rating word as typed, or a provider or CQC location ID whose
 * record decides the rating and the Bronze price on the fee's date (the package's start).
 */
function qualityArg(
  rating: unknown,
  date: unknown,
  bronzeOverdue: unknown,
):
  { rating: Rating; bronzeOverdue: boolean } | Promise<{ rating: Rating; bronzeOverdue: boolean }> {
  if (isBlank(rating))
    return { rating: 'Silver', bronzeOverdue: boolArg(bronzeOverdue, 'bronzeOverdue') };
  const text = requiredText(rating, 'rating');
  // A CQC ID (1-123456789) or a record id (a UUID); anything else must be a rating word.
  const isRef = /^1-\d+$/.test(text) || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/i.test(text);
  if (!isRef || RATINGS.some((r) => r.toLowerCase() === text.toLowerCase()))
    return { rating: toRating(text), bronzeOverdue: boolArg(bronzeOverdue, 'bronzeOverdue') };
  if (!isBlank(bronzeOverdue))
    throw invalid('bronzeOverdue goes with a typed rating: for a provider, its record decides', [
      'bronzeOverdue',
    ]);
  return withStanding(text, date, (s) => pricingQuality(s, s.locationName ?? s.providerName));
}

/**
 * The weekly fee for a placement: fixed hotel cost + care cost for the category (and band),
 * adjusted for the provider's quality rating (Gold +2%, Bronze −3% once overdue).
 * @customfunction FEE
 * @param card Rate card id, e.g. "bham-care-homes", or one version, "bham-care-homes@3".
 * @param category Category of care, e.g. "residential".
 * @param [band] Complexity band, for banded categories (learning disability, mental health).
 * @param [rating] Gold, Silver (the default), Bronze, Inadequate; or a provider or CQC location ID, whose record decides.
 * @param [date] The date the fee is for (an Excel date or "YYYY-MM-DD"); today when blank.
 * @param [bronzeOverdue] TRUE once a Bronze provider has missed its improvement deadline.
 * @returns The weekly fee in pounds.
 */
export function fee(
  card: string,
  category: string,
  band?: unknown,
  rating?: string,
  date?: unknown,
  bronzeOverdue?: unknown,
): number | Promise<number> {
  return excel(() => {
    const categoryId = requiredText(category, 'category');
    const bandId = textArg(band, 'band');
    const quality = qualityArg(rating, date, bronzeOverdue);
    // The integer-pence path of the engine: exact, and fast enough for 100,000 cells.
    const price = (q: { rating: Rating; bronzeOverdue: boolean }) =>
      withCard(
        card,
        date,
        (c) =>
          weeklyFeePence(compileCard(c.card), categoryId, bandId, q.rating, q.bronzeOverdue) / 100,
      );
    return quality instanceof Promise ? quality.then(price) : price(quality);
  });
}

/**
 * The fixed weekly hotel cost on a rate card (accommodation, food, utilities).
 * @customfunction HOTEL
 * @param card Rate card id, e.g. "bham-care-homes", or one version, "bham-care-homes@3".
 * @param [date] The date (an Excel date or "YYYY-MM-DD"); today when blank.
 * @returns The weekly hotel cost in pounds.
 */
export function hotel(card: string, date?: unknown): number | Promise<number> {
  return excel(() => withCard(card, date, (c) => toNumber(c.card.hotelCost)));
}

/**
 * The weekly care cost for a category (and band) on a rate card, before any quality adjustment.
 * @customfunction CARECOST
 * @param card Rate card id, e.g. "bham-care-homes", or one version, "bham-care-homes@3".
 * @param category Category of care, e.g. "residential".
 * @param [band] Complexity band, for banded categories.
 * @param [date] The date (an Excel date or "YYYY-MM-DD"); today when blank.
 * @returns The weekly care cost in pounds.
 */
export function carecost(
  card: string,
  category: string,
  band?: unknown,
  date?: unknown,
): number | Promise<number> {
  return excel(() => {
    const categoryId = requiredText(category, 'category');
    const bandId = textArg(band, 'band');
    return withCard(card, date, (c) => toNumber(careCost(c.card, categoryId, bandId)));
  });
}

/**
 * Apply a price review to one amount: the amount × (1 + change), rounded to the penny.
 * @customfunction UPLIFT
 * @param amount An amount in pounds and pence, e.g. 348.43.
 * @param change The change as a decimal fraction, e.g. 0.109 for 10.9%.
 * @returns The uplifted amount in pounds.
 */
export function uplift(amount: number, change: number): number {
  return excel(() =>
    toNumber(upliftAmount(amountArg(amount, 'amount'), amountArg(change, 'change'))),
  ) as number;
}

/**
 * The annual price review (effective 1 April): hotel cost by the change in CPIH, care cost by
 * the greater of the changes in the National Living Wage and the local care wage. Spills one
 * row of three numbers: new hotel cost, new care cost, new weekly total.
 * @customfunction PRICEREVIEW
 * @param hotel The weekly hotel cost in pounds, e.g. 348.43.
 * @param care The weekly care cost in pounds, e.g. 231.60.
 * @param cpihChange Year-on-year change in CPIH as a decimal fraction, e.g. 0.109.
 * @param nlwChange Year-on-year change in the National Living Wage, e.g. 0.014.
 * @param [localWageChange] Year-on-year change in the local care wage, where there is one.
 * @returns One row: new hotel cost, new care cost, new total.
 */
export function pricereview(
  hotel: number,
  care: number,
  cpihChange: number,
  nlwChange: number,
  localWageChange?: number,
): number[][] {
  return excel(() => {
    const local = isBlank(localWageChange) ? null : localWageChange!;
    const newHotel = upliftAmount(amountArg(hotel, 'hotel'), amountArg(cpihChange, 'cpihChange'));
    const newCare = upliftAmount(
      amountArg(care, 'care'),
      careChange(amountArg(nlwChange, 'nlwChange'), local),
    );
    const total = formatPounds(new Decimal(newHotel).plus(newCare));
    return [[toNumber(newHotel), toNumber(newCare), toNumber(total)]];
  }) as number[][];
}

/**
 * A weekly amount adjusted for the provider's overall quality rating, at the standard
 * percentages (Gold +2%, Silver none, Bronze −3% once overdue; Inadequate cannot be priced).
 * @customfunction QUALITY
 * @param amount The standard weekly amount in pounds.
 * @param rating Overall quality rating: Gold, Silver, Bronze or Inadequate.
 * @param [bronzeOverdue] TRUE once a Bronze provider has missed its improvement deadline.
 * @returns The adjusted weekly amount in pounds.
 */
export function quality(amount: number, rating: string, bronzeOverdue?: unknown): number {
  return excel(() => {
    const card = oneAmountCard(amountArg(amount, 'amount'), '0');
    const result = weeklyFee(card, {
      category: 'amount',
      rating: toRating(rating),
      bronzeOverdue: boolArg(bronzeOverdue, 'bronzeOverdue'),
    });
    return toNumber(result.fee);
  }) as number;
}

/**
 * The value of a reference series in force on a date: NLW (pounds an hour), CPIH (its 12-month
 * rate, in percent), FNC or FNC_HIGHER (pounds a week).
 * @customfunction INDEX
 * @param series The series id: "NLW", "CPIH", "FNC" or "FNC_HIGHER".
 * @param date The date (an Excel date or "YYYY-MM-DD").
 * @returns The value in force on that date.
 */
export function index(series: string, date: unknown): number {
  return excel(() =>
    toNumber(indexValue(requiredText(series, 'series'), requiredDate(date, 'date')).value),
  ) as number;
}

/**
 * The change in a reference series between two dates as a decimal fraction, quoted to the
 * published 0.1% (0.041 is 4.1%) as the price review uses it; for CPIH, the rate in force at the
 * later date.
 * @customfunction CHANGE
 * @param series The series id: "NLW", "CPIH", "FNC" or "FNC_HIGHER".
 * @param fromDate The earlier date.
 * @param toDate The later date.
 * @param [exact] TRUE for the unrounded change.
 * @returns The change as a decimal fraction.
 */
export function change(
  series: string,
  fromDate: unknown,
  toDate: unknown,
  exact?: unknown,
): number {
  return excel(() => {
    const id = requiredText(series, 'series');
    const from = requiredDate(fromDate, 'fromDate');
    const to = requiredDate(toDate, 'toDate');
    return toNumber(
      boolArg(exact, 'exact')
        ? indexChange(id, from, to)
        : changeBetween(findSeries(id), from, to).change,
    );
  }) as number;
}

/**
 * The national weekly rate of NHS-funded nursing care (FNC) in force on a date.
 * @customfunction FNC
 * @param [date] The date (an Excel date or "YYYY-MM-DD"); today when blank.
 * @param [rate] "standard" (the default) or "higher" (the legacy higher rate).
 * @returns The weekly FNC rate in pounds.
 */
export function fnc(date?: unknown, rate?: string): number {
  return excel(() => {
    const which = (textArg(rate, 'rate') ?? 'standard').toLowerCase() as 'standard' | 'higher';
    return toNumber(fncRate(dateArg(date, 'date') ?? getCarefee().cache.today(), which).value);
  }) as number;
}

/**
 * The weekly fee of a Continuing Healthcare tier on a rate card: fixed, or a base fee plus
 * additional staffing hours.
 * @customfunction CHCTIER
 * @param card Rate card id, e.g. "bc-chc", or one version, "bc-chc@2".
 * @param tier The tier id, e.g. "tier-3".
 * @param [date] The date (an Excel date or "YYYY-MM-DD"); today when blank.
 * @returns The weekly fee in pounds.
 */
export function chctier(card: string, tier: string, date?: unknown): number | Promise<number> {
  return excel(() => {
    const tierId = requiredText(tier, 'tier');
    return withCard(card, date, (c) => toNumber(chcTierFee(c.card, tierId).fee));
  });
}

/** A single cell of text that is not a date: a provider or location reference. */
function providerRef(value: unknown[][]): string | undefined {
  if (value.length !== 1 || value[0]?.length !== 1) return undefined;
  const cell = value[0][0];
  return typeof cell === 'string' && cell.trim() !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(cell.trim())
    ? cell.trim()
    : undefined;
}

/**
 * The overall quality rating (Gold, Silver, Bronze, Inadequate): from the provider record for a
 * provider or CQC location ID, or from a range of dated inspections, one per row: date, body
 * (CQC, council, NHS), kind (full, focused, validation), result. A header row is skipped.
 * @customfunction RATING
 * @param provider_or_inspections A provider or CQC location ID, or a range of inspections (4 columns).
 * @param [as_of] The date (an Excel date or "YYYY-MM-DD"); today for a provider, else all inspections.
 * @returns The overall rating.
 */
export function rating(
  provider_or_inspections: unknown[][],
  as_of?: unknown,
): string | Promise<string> {
  return excel(() => {
    const ref = providerRef(provider_or_inspections);
    if (ref !== undefined)
      return withStanding(ref, as_of, (s) => {
        if (s.rating === null) throw notAvailable(s.reasons.at(-1) ?? 'no rating');
        return s.rating;
      });
    let rows = rowsArg(provider_or_inspections, 'inspections');
    const first = rows[0]?.[0];
    if (typeof first === 'string' && !/^\d{4}-\d{2}-\d{2}$/.test(first.trim()))
      rows = rows.slice(1);
    const parsed = inspectionsFromRows(rows);
    const at = dateArg(as_of, 'asOf');
    return ratingFromInspections({ inspections: parsed, ...(at ? { asOf: at } : {}) }).rating;
  });
}

/**
 * Why a provider has its rating on a date: the reasons from its record, one per row (the
 * inspections, statements and plans behind the rating, the Bronze price, any suspension).
 * @customfunction RATINGREASONS
 * @param provider A provider or CQC location ID.
 * @param [as_of] The date (an Excel date or "YYYY-MM-DD"); today when blank.
 * @returns The reasons, one per row.
 */
export function ratingreasons(provider: string, as_of?: unknown): string[][] | Promise<string[][]> {
  return excel(() =>
    withStanding(requiredText(provider, 'provider'), as_of, (s) => s.reasons.map((r) => [r])),
  );
}

/**
 * Score offers Quality:Price 60:40 (quality = 30% CQC rating + 30% quality reporting), or other
 * weights. Each row: offer id, weekly price, CQC rating, quality-reporting score as a share
 * from 0 to 1. Spills a header row and one row per offer, best first.
 * @customfunction TENDERSCORE
 * @param bids The range of offers (4 columns; a header row is skipped).
 * @param [qualityWeight] Quality weight (60 when blank).
 * @param [priceWeight] Price weight (40 when blank).
 * @returns Offer, price, price score, CQC score, reporting score, total, rank.
 */
export function tenderscore(
  bids: unknown[][],
  qualityWeight?: number,
  priceWeight?: number,
): Array<Array<string | number>> {
  return excel(() => {
    let rows = rowsArg(bids, 'bids');
    const price = rows[0]?.[1];
    if (typeof price === 'string' && !/^\s*\d/.test(price)) rows = rows.slice(1);
    const parsed: TenderBid[] = rows.map((row) => ({
      id: row[0] as string,
      price: row[1] as string,
      cqcRating: row[2] as string,
      qualityReporting: row[3] as string,
    }));
    if (isBlank(qualityWeight) !== isBlank(priceWeight)) {
      throw invalid('give both qualityWeight and priceWeight, or neither (60:40)', [
        isBlank(qualityWeight) ? 'qualityWeight' : 'priceWeight',
      ]);
    }
    const weights = isBlank(qualityWeight)
      ? undefined
      : { quality: qualityWeight!, price: priceWeight! };
    const result = scoreTender(parsed, weights);
    return [
      ['Offer', 'Price', 'Price score', 'CQC score', 'Reporting score', 'Total', 'Rank'],
      ...result.ranking.map((b): (string | number)[] => [
        b.id,
        toNumber(b.price),
        toNumber(b.priceScore),
        toNumber(b.cqcScore),
        toNumber(b.qualityReportingScore),
        toNumber(b.total),
        b.rank,
      ]),
    ];
  }) as (string | number)[][];
}

/**
 * The cost of a dated period of care at a weekly rate: weekly × days ÷ 7, counting both the
 * first and the last day, rounded to the penny once.
 * @customfunction PERIODCOST
 * @param weekly The weekly rate in pounds.
 * @param start The first day of care.
 * @param end The last day of care.
 * @returns The cost of the period in pounds.
 */
export function periodcost(weekly: number, start: unknown, end: unknown): number {
  return excel(() =>
    toNumber(
      periodCost(
        amountArg(weekly, 'weekly'),
        requiredDate(start, 'start'),
        requiredDate(end, 'end'),
      ).cost,
    ),
  ) as number;
}

/**
 * A rate card's whole fee schedule: a header row, then one row per category and band with the
 * hotel cost, care cost, standard fee and the fee at each rating.
 * @customfunction SCHEDULE
 * @param card Rate card id, e.g. "bham-care-homes", or one version, "bham-care-homes@3".
 * @param [date] The date (an Excel date or "YYYY-MM-DD"); today when blank.
 * @returns The schedule, with a header row.
 */
export async function schedule(
  card: string,
  date?: unknown,
): Promise<Array<Array<string | number>>> {
  return excel(() =>
    withCard(card, date, (c): (string | number)[][] => [
      [
        'Category',
        'Category name',
        'Band',
        'Band name',
        'Hotel',
        'Care',
        'Standard',
        'Gold',
        'Silver',
        'Bronze (overdue)',
      ],
      ...feeSchedule(c.card).map((r): (string | number)[] => [
        r.category,
        r.categoryName,
        r.band ?? '',
        r.bandName ?? '',
        toNumber(r.hotel),
        toNumber(r.care),
        toNumber(r.base),
        toNumber(r.gold),
        toNumber(r.silver),
        toNumber(r.bronze),
      ]),
    ]),
  );
}

/**
 * Which rate card version a formula uses, for provenance: "bham-care-homes v3, approved
 * 2026-03-01 by A. Approver".
 * @customfunction VERSION
 * @param card Rate card id, e.g. "bham-care-homes", or one version, "bham-care-homes@3".
 * @param [date] The date (an Excel date or "YYYY-MM-DD"); today when blank.
 * @returns The card version and its approval.
 */
export function version(card: string, date?: unknown): string | Promise<string> {
  return excel(() => withCard(card, date, provenance));
}

// ---------------------------------------------------------------------------------------------

function provenance(c: CachedCard): string {
  const { card, meta } = c;
  let text = `${card.id} v${card.version}`;
  if (meta?.approvedAt) {
    text += `, approved ${meta.approvedAt.slice(0, 10)}${meta.approvedBy ? ` by ${meta.approvedBy}` : ''}`;
  } else if (meta) {
    text += ` (${meta.status})`;
  }
  text += `, in force from ${card.effectiveFrom}${card.effectiveTo ? ` to ${card.effectiveTo}` : ''}`;
  if (c.pinned) text += '; pinned for this workbook';
  if (c.offline) text += `; offline copy fetched ${c.fetchedAt.slice(0, 10)}`;
  return text;
}

/** A one-line card (hotel and one care cost) so single amounts go through the engine's own rules. */
function oneAmountCard(hotelCost: string | number, care: string | number) {
  return parseRateCard({
    id: 'amount',
    version: 1,
    title: 'amount',
    commissioner: 'carefee',
    effectiveFrom: '2000-04-01',
    hotelCost,
    categories: [{ id: 'amount', name: 'amount', careCost: care }],
  });
}
