/**
 * carefee's Excel custom functions: =CARE.FEE(...) and friends. One small function per entry,
 * each calling one engine function; Excel's metadata (functions.json) is generated from the
 * JSDoc here, and the build appends CustomFunctions.associate(id, fn) for each @customfunction
 * (custom-functions-metadata-plugin). Errors become Excel errors in one place (errors.ts).
 *
 * Excel's conventions: argument names in snake_case (the formula bar shows them), a one-line
 * description each, a help link to the function's section of assets/help.html (the build
 * points it at the deployment), numbers read as Excel shows them (args.ts), money returned
 * with a £ format where Excel supports it (results.ts), optional header rows on spills.
 *
 * Card-based functions answer synchronously when the card is already held (a warm sheet makes
 * no requests and queues no promises) and return a promise only while a card is fetched.
 * `card` is a family id ("bham-care-homes": the version in force on the date, or the version
 * the workbook pins) or one version ("bham-care-homes@3"). Dates are Excel dates or
 * "YYYY-MM-DD"; a blank date means today.
 */
import {
  Decimal,
  bronzeOverdueOn,
  careCost,
  careChange,
  changeBetween,
  chcTierFee,
  compileCard,
  feeSchedule,
  findSeries,
  fncRate,
  formatPounds,
  indexChange,
  indexValue,
  inspectionsFromRows,
  invalid,
  periodCost,
  ratingFromInspections,
  scoreTender,
  toRating,
  upliftAmount,
  weeklyFeePence,
  pricingQuality,
  penceToPounds,
  parseRateCard,
  weeklyFee,
  type IndexValue,
  type IsoDate,
  type Rating,
  type TenderBid,
} from '../../../shared/src';
import type { StandingReply } from '../../../shared/src/contract/providers';
import { getCarefee, type IndexSources } from '../core';
import { parseCardRef, type CachedCard } from '../core/cardCache';
import {
  boolArg,
  dateArg,
  isBlank,
  moneyArg,
  numberArg,
  rateArg,
  requiredDate,
  requiredText,
  rowsArg,
  textArg,
  toNumber,
} from './args';
import { excel, notAvailable } from './errors';
import { bandId, categoryId, tierId } from './lookup';
import { money, type MoneyValue } from './results';

type Cell = string | number | boolean | MoneyValue;

const today = (): IsoDate => getCarefee().cache.today();

/** Look the card up (synchronously when held) and use it with the date it is priced for. */
function withCard<T>(
  cardArg: unknown,
  dateValue: unknown,
  use: (card: CachedCard, date: IsoDate) => T,
): T | Promise<T> {
  const ref = parseCardRef(cardArg);
  const date = dateArg(dateValue, 'date');
  const { cache } = getCarefee();
  const held = cache.peek(ref, date);
  const on = date ?? cache.today();
  if (held) return use(held, on);
  return cache.get(ref, date).then((c) => use(c, on));
}

/** Whether a Bronze price is past its improvement deadline on the date (see bronzeOverdueOn). */
function overdue(rating: Rating, deadline: unknown, on: IsoDate): boolean {
  if (rating !== 'Bronze') return false;
  return bronzeOverdueOn(dateArg(deadline, 'bronze_deadline'), on);
}

/** A table's header row when `headers` is TRUE or blank, none when FALSE. */
function withHeaders<T>(headers: unknown, header: Cell[], rows: T[][]): Array<T[] | Cell[]> {
  return isBlank(headers) || boolArg(headers, 'headers') ? [header, ...rows] : rows;
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
 * CARE.FEE's rating argument as a provider reference: a CQC ID (1-123456789) or a record id (a
 * UUID), whose record decides the rating and the Bronze price on the fee's date (the package's
 * start). Anything else is a rating word, read as before.
 */
function providerRefArg(rating: unknown): string | undefined {
  if (typeof rating !== 'string') return undefined;
  const text = rating.trim();
  return /^1-\d+$/.test(text) || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/i.test(text)
    ? text
    : undefined;
}

/**
 * Weekly fee: hotel + care cost for the category and band, adjusted for the quality rating.
 * @customfunction FEE
 * @helpurl https://localhost:3000/addin/assets/help.html#care-fee
 * @param card Rate card id ("bham-care-homes") or one version ("bham-care-homes@3").
 * @param category Category of care, by id or name ("residential").
 * @param [band] Complexity band, for banded categories.
 * @param [rating] Gold, Silver (default), Bronze, Inadequate; or a provider or CQC location ID.
 * @param [date] Date the fee is for; today when blank.
 * @param [bronze_deadline] Bronze only: the improvement deadline; 3% off after it.
 * @returns The weekly fee in pounds.
 */
export function fee(
  card: string,
  category: string,
  band?: unknown,
  rating?: unknown,
  date?: unknown,
  bronze_deadline?: unknown,
): unknown {
  return excel(() => {
    const typed = requiredText(category, 'category');
    const typedBand = textArg(band, 'band');
    // The integer-pence path of the engine: exact, and fast enough for 100,000 cells.
    const priceAt = (quality: Rating, isOverdue: (on: IsoDate) => boolean) =>
      withCard(card, date, (c, on) => {
        const id = categoryId(c.card, typed);
        const pence = weeklyFeePence(
          compileCard(c.card),
          id,
          bandId(c.card, id, typedBand),
          quality,
          isOverdue(on),
        );
        return money(penceToPounds(pence));
      });
    const provider = providerRefArg(rating);
    if (provider !== undefined) {
      if (!isBlank(bronze_deadline))
        throw invalid(
          'bronze_deadline goes with a typed rating: for a provider, its record decides',
          ['bronze_deadline'],
        );
      return withStanding(provider, date, (s) => {
        const q = pricingQuality(s, s.locationName ?? s.providerName);
        return priceAt(q.rating, () => q.bronzeOverdue);
      });
    }
    const quality = isBlank(rating) ? 'Silver' : toRating(textArg(rating, 'rating'));
    return priceAt(quality, (on) => overdue(quality, bronze_deadline, on));
  });
}

/**
 * Fixed weekly hotel cost on a rate card (accommodation, food, utilities).
 * @customfunction HOTEL
 * @helpurl https://localhost:3000/addin/assets/help.html#care-hotel
 * @param card Rate card id ("bham-care-homes") or one version ("bham-care-homes@3").
 * @param [date] Date; today when blank.
 * @returns The weekly hotel cost in pounds.
 */
export function hotel(card: string, date?: unknown): unknown {
  return excel(() => withCard(card, date, (c) => money(c.card.hotelCost)));
}

/**
 * Weekly care cost for a category and band, before any quality adjustment.
 * @customfunction CARECOST
 * @helpurl https://localhost:3000/addin/assets/help.html#care-carecost
 * @param card Rate card id ("bham-care-homes") or one version ("bham-care-homes@3").
 * @param category Category of care, by id or name ("residential").
 * @param [band] Complexity band, for banded categories.
 * @param [date] Date; today when blank.
 * @returns The weekly care cost in pounds.
 */
export function carecost(card: string, category: string, band?: unknown, date?: unknown): unknown {
  return excel(() => {
    const typed = requiredText(category, 'category');
    const typedBand = textArg(band, 'band');
    return withCard(card, date, (c) => {
      const id = categoryId(c.card, typed);
      return money(careCost(c.card, id, bandId(c.card, id, typedBand)));
    });
  });
}

/**
 * An amount after a price review: amount × (1 + change), rounded to the penny.
 * @customfunction UPLIFT
 * @helpurl https://localhost:3000/addin/assets/help.html#care-uplift
 * @param amount Amount in pounds and pence, e.g. 348.43.
 * @param change Change as a decimal fraction: 0.058 or 5.8% for 5.8%.
 * @returns The uplifted amount in pounds.
 */
export function uplift(amount: number, change: number): unknown {
  return excel(() =>
    money(upliftAmount(moneyArg(amount, 'amount'), rateArg(change, 'change'))),
  ) as MoneyValue;
}

/**
 * Annual price review: hotel by CPIH; care by the greater of NLW and local wage changes.
 * @customfunction PRICEREVIEW
 * @helpurl https://localhost:3000/addin/assets/help.html#care-pricereview
 * @param hotel Weekly hotel cost in pounds, e.g. 348.43.
 * @param care Weekly care cost in pounds, e.g. 231.60.
 * @param cpih_change CPIH change as a decimal fraction, e.g. 0.041.
 * @param nlw_change National Living Wage change as a decimal fraction.
 * @param [local_wage_change] Local care wage change, where there is one.
 * @param [headers] TRUE (default) to label the columns; FALSE for the figures only.
 * @returns New hotel cost, new care cost and new weekly total.
 */
export function pricereview(
  hotel: number,
  care: number,
  cpih_change: number,
  nlw_change: number,
  local_wage_change?: unknown,
  headers?: unknown,
): unknown[][] {
  return excel(() => {
    const local = isBlank(local_wage_change)
      ? null
      : rateArg(local_wage_change, 'local_wage_change');
    const newHotel = upliftAmount(moneyArg(hotel, 'hotel'), rateArg(cpih_change, 'cpih_change'));
    const newCare = upliftAmount(
      moneyArg(care, 'care'),
      careChange(rateArg(nlw_change, 'nlw_change'), local),
    );
    const total = formatPounds(new Decimal(newHotel).plus(newCare));
    return withHeaders(
      headers,
      ['New hotel', 'New care', 'New total'],
      [[money(newHotel), money(newCare), money(total)]],
    );
  }) as Cell[][];
}

/**
 * An amount adjusted for a quality rating: Gold +2%, Bronze −3% after its deadline.
 * @customfunction QUALITY
 * @helpurl https://localhost:3000/addin/assets/help.html#care-quality
 * @param amount Standard weekly amount in pounds.
 * @param rating Quality rating: Gold, Silver, Bronze or Inadequate.
 * @param [date] Date the amount is for; today when blank.
 * @param [bronze_deadline] Bronze only: the improvement deadline; 3% off after it.
 * @returns The adjusted weekly amount in pounds.
 */
export function quality(
  amount: number,
  rating: string,
  date?: unknown,
  bronze_deadline?: unknown,
): unknown {
  return excel(() => {
    const amountText = moneyArg(amount, 'amount');
    if (amountText.startsWith('-'))
      throw invalid(`amount must not be negative, got ${amountText}`, ['amount']);
    const r = toRating(textArg(rating, 'rating'));
    const on = dateArg(date, 'date') ?? today();
    // A one-line card at the standard percentages, so the engine's own rules and rounding apply.
    const result = weeklyFee(oneAmountCard(amountText), {
      category: 'amount',
      rating: r,
      bronzeOverdue: overdue(r, bronze_deadline, on),
    });
    return money(result.fee);
  }) as MoneyValue;
}

/**
 * Index series as this workbook reads them (synchronously when held): the organisation's own
 * values from the carefee service over the bundled reference series, or the bundled series
 * alone when not connected. Never extrapolated: an unpublished value is #N/A (the engine's rule).
 */
function withIndices<T>(use: (sources: IndexSources) => T): T | Promise<T> {
  const { indices } = getCarefee();
  const held = indices.peek();
  return held ? use(held) : indices.get().then(use);
}

/** Where a value came from, in words: the organisation's own, or the reference series and how. */
function sourceOf(sources: IndexSources, value: IndexValue): string {
  if (sources.own.get(value.series)?.has(value.from))
    return "your organisation's own value, from the carefee service";
  return sources.connected
    ? `the published reference series (${value.source}), from the carefee service`
    : `the reference series bundled with the add-in (${value.source}); ${sources.reason}`;
}

/**
 * Value of a reference series (NLW, CPIH, FNC, FNC_HIGHER) in force on a date.
 * @customfunction INDEX
 * @helpurl https://localhost:3000/addin/assets/help.html#care-index
 * @param series Series id: "NLW", "CPIH", "FNC" or "FNC_HIGHER".
 * @param [date] Date; today when blank.
 * @returns The value in force (your organisation's where it has one); #N/A when not yet published.
 */
export function index(series: string, date?: unknown): number | Promise<number> {
  return excel(() => {
    const id = requiredText(series, 'series');
    const on = dateArg(date, 'date') ?? today();
    return withIndices((s) => toNumber(indexValue(id, on, s.extra).value));
  });
}

/**
 * Where CARE.INDEX's value comes from: your organisation's own value or the reference series.
 * @customfunction INDEXSOURCE
 * @helpurl https://localhost:3000/addin/assets/help.html#care-indexsource
 * @param series Series id: "NLW", "CPIH", "FNC" or "FNC_HIGHER".
 * @param [date] Date; today when blank.
 * @returns The value, the date it is in force from, and its source.
 */
export function indexsource(series: string, date?: unknown): string | Promise<string> {
  return excel(() => {
    const id = requiredText(series, 'series');
    const on = dateArg(date, 'date') ?? today();
    return withIndices((s) => {
      const v = indexValue(id, on, s.extra);
      return `${v.name} (${v.series}) ${v.value} in force from ${v.from}: ${sourceOf(s, v)}`;
    });
  });
}

/**
 * Change in a reference series between two dates, as a fraction to the published 0.1%.
 * @customfunction CHANGE
 * @helpurl https://localhost:3000/addin/assets/help.html#care-change
 * @param series Series id: "NLW", "CPIH", "FNC" or "FNC_HIGHER".
 * @param from_date The earlier date.
 * @param to_date The later date.
 * @param [exact] TRUE for the unrounded change.
 * @returns The change as a decimal fraction; #N/A when not yet published.
 */
export function change(
  series: string,
  from_date: unknown,
  to_date: unknown,
  exact?: unknown,
): number | Promise<number> {
  return excel(() => {
    const id = requiredText(series, 'series');
    const from = requiredDate(from_date, 'from_date');
    const to = requiredDate(to_date, 'to_date');
    const unrounded = boolArg(exact, 'exact');
    return withIndices((s) =>
      toNumber(
        unrounded
          ? indexChange(id, from, to, s.extra)
          : changeBetween(findSeries(id, s.extra), from, to).change,
      ),
    );
  });
}

/**
 * National weekly rate of NHS-funded nursing care (FNC) in force on a date.
 * @customfunction FNC
 * @helpurl https://localhost:3000/addin/assets/help.html#care-fnc
 * @param [date] Date; today when blank.
 * @param [rate] "standard" (default) or "higher" (the legacy higher rate).
 * @returns The weekly FNC rate in pounds.
 */
export function fnc(date?: unknown, rate?: unknown): unknown {
  return excel(() => {
    const which = (textArg(rate, 'rate') ?? 'standard').toLowerCase() as 'standard' | 'higher';
    const on = dateArg(date, 'date') ?? today();
    return withIndices((s) => money(fncRate(on, which, s.extra).value));
  }) as MoneyValue;
}

/**
 * Weekly fee of a Continuing Healthcare tier on a rate card.
 * @customfunction CHCTIER
 * @helpurl https://localhost:3000/addin/assets/help.html#care-chctier
 * @param card Rate card id ("bc-chc") or one version ("bc-chc@2").
 * @param tier Tier, by id or name ("tier-3").
 * @param [date] Date; today when blank.
 * @returns The weekly fee in pounds.
 */
export function chctier(card: string, tier: string, date?: unknown): unknown {
  return excel(() => {
    const typed = requiredText(tier, 'tier');
    return withCard(card, date, (c) => money(chcTierFee(c.card, tierId(c.card, typed)).fee));
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
 * Overall quality rating from the provider record, or from a range of dated inspections.
 * @customfunction RATING
 * @helpurl https://localhost:3000/addin/assets/help.html#care-rating
 * @param provider_or_inspections Provider or CQC location ID; or inspections (date, body, kind, result).
 * @param [as_of] The date; today for a provider, all inspections when blank.
 * @returns Gold, Silver, Bronze or Inadequate.
 */
export function rating(provider_or_inspections: unknown[][], as_of?: unknown): unknown {
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
    const at = dateArg(as_of, 'as_of');
    return ratingFromInspections({ inspections: parsed, ...(at ? { asOf: at } : {}) }).rating;
  });
}

/**
 * Why a provider has its rating on a date: the record's reasons, one per row.
 * @customfunction RATINGREASONS
 * @helpurl https://localhost:3000/addin/assets/help.html#care-ratingreasons
 * @param provider Provider or CQC location ID.
 * @param [as_of] The date; today when blank.
 * @returns The reasons behind the rating, Bronze price and any suspension.
 */
export function ratingreasons(provider: string, as_of?: unknown): unknown[][] {
  return excel(() =>
    withStanding(requiredText(provider, 'provider'), as_of, (s) => s.reasons.map((r) => [r])),
  ) as unknown[][]; // a promise while the record is fetched, as Excel allows
}

/**
 * Scores and ranks tender offers, Quality:Price 60:40 unless other weights are given.
 * @customfunction TENDERSCORE
 * @helpurl https://localhost:3000/addin/assets/help.html#care-tenderscore
 * @param bids Offers: id, weekly price, CQC rating, reporting score 0-1, [suspended].
 * @param [quality_weight] Quality weight; 60 when blank.
 * @param [price_weight] Price weight; 40 when blank.
 * @param [headers] TRUE (default) to label the columns; FALSE for the rows only.
 * @returns One row per offer, best first; excluded offers last.
 */
export function tenderscore(
  bids: unknown[][],
  quality_weight?: unknown,
  price_weight?: unknown,
  headers?: unknown,
): unknown[][] {
  return excel(() => {
    let rows = rowsArg(bids, 'bids');
    const price = rows[0]?.[1];
    if (typeof price === 'string' && !/^\s*\d/.test(price)) rows = rows.slice(1);
    const parsed: TenderBid[] = rows.map((row, i) => ({
      id: row[0] as string,
      price: moneyArg(row[1], `bids row ${i + 1} price`),
      cqcRating: row[2] as string,
      qualityReporting: row[3] as string,
      ...(isBlank(row[4]) ? {} : { suspended: boolArg(row[4], `bids row ${i + 1} suspended`) }),
    }));
    if (isBlank(quality_weight) !== isBlank(price_weight)) {
      throw invalid('give both quality_weight and price_weight, or neither (60:40)', [
        isBlank(quality_weight) ? 'quality_weight' : 'price_weight',
      ]);
    }
    const weights = isBlank(quality_weight)
      ? undefined
      : {
          quality: numberArg(quality_weight, 'quality_weight'),
          price: numberArg(price_weight, 'price_weight'),
        };
    const result = scoreTender(parsed, weights);
    const prices = new Map(parsed.map((b) => [String(b.id), String(b.price)]));
    return withHeaders(
      headers,
      ['Offer', 'Price', 'Price score', 'CQC score', 'Reporting score', 'Total', 'Rank'],
      [
        ...result.ranking.map((b): Cell[] => [
          b.id,
          money(b.price),
          toNumber(b.priceScore),
          toNumber(b.cqcScore),
          toNumber(b.qualityReportingScore),
          toNumber(b.total),
          b.rank,
        ]),
        ...result.excluded.map((x): Cell[] => [
          x.id,
          money(formatPounds(new Decimal(prices.get(x.id) ?? '0'))),
          '',
          '',
          '',
          '',
          `excluded: ${x.reason}`,
        ]),
      ],
    );
  }) as Cell[][];
}

/**
 * Cost of a dated period of care at a weekly rate, both days counted, rounded once.
 * @customfunction PERIODCOST
 * @helpurl https://localhost:3000/addin/assets/help.html#care-periodcost
 * @param weekly Weekly rate in pounds.
 * @param start First day of care.
 * @param end Last day of care.
 * @returns The cost of the period in pounds.
 */
export function periodcost(weekly: number, start: unknown, end: unknown): unknown {
  return excel(() =>
    money(
      periodCost(moneyArg(weekly, 'weekly'), requiredDate(start, 'start'), requiredDate(end, 'end'))
        .cost,
    ),
  ) as MoneyValue;
}

/**
 * A rate card's fee schedule: one row per category and band, the fee at each rating.
 * @customfunction SCHEDULE
 * @helpurl https://localhost:3000/addin/assets/help.html#care-schedule
 * @param card Rate card id ("bham-care-homes") or one version ("bham-care-homes@3").
 * @param [date] Date; today when blank.
 * @param [headers] TRUE (default) to label the columns; FALSE for the rows only.
 * @returns The schedule, Bronze as the fee after the improvement deadline.
 */
export async function schedule(
  card: string,
  date?: unknown,
  headers?: unknown,
): Promise<unknown[][]> {
  return excel(() =>
    withCard(card, date, (c) =>
      withHeaders(
        headers,
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
          'Bronze after deadline',
        ],
        feeSchedule(c.card).map((r): Cell[] => [
          r.category,
          r.categoryName,
          r.band ?? '',
          r.bandName ?? '',
          money(r.hotel),
          money(r.care),
          money(r.base),
          money(r.gold),
          money(r.silver),
          money(r.bronze),
        ]),
      ),
    ),
  );
}

/**
 * What live service agreements commit for a financial year, from the carefee service.
 * @customfunction COMMITMENT
 * @helpurl https://localhost:3000/addin/assets/help.html#care-commitment
 * @param year Financial year by the year it starts: 2025 is 1 April 2025 to 31 March 2026.
 * @param [category] Category of care id; every category when blank.
 * @param [funding] Funding stream: council, chc or joint; every stream when blank.
 * @returns The year's commitment in pounds.
 */
export function commitment(year: unknown, category?: unknown, funding?: unknown): unknown {
  return excel(async () => {
    const fy = numberArg(year, 'year');
    if (!Number.isInteger(fy) || fy < 2000 || fy > 2100)
      throw invalid(`year must be a whole year such as 2025 (for 2025/26), got ${fy}`, ['year']);
    const query = new URLSearchParams({ year: String(fy) });
    const cat = textArg(category, 'category');
    const stream = textArg(funding, 'funding')?.toLowerCase();
    if (cat) query.set('category', cat);
    if (stream) query.set('funding', stream);
    const { client, settings } = getCarefee();
    await settings.load();
    const answer = await client.request<{ total: string }>('GET', `/api/v1/commitment?${query}`);
    return money(answer.total);
  });
}

/**
 * Which rate card version a formula uses, approved when and by whom.
 * @customfunction VERSION
 * @helpurl https://localhost:3000/addin/assets/help.html#care-version
 * @param card Rate card id ("bham-care-homes") or one version ("bham-care-homes@3").
 * @param [date] Date; today when blank.
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

/** A card whose whole fee is one amount, at the standard quality percentages. */
function oneAmountCard(amount: string) {
  return parseRateCard({
    id: 'amount',
    version: 1,
    title: 'amount',
    commissioner: 'carefee',
    effectiveFrom: '2000-04-01',
    hotelCost: amount,
    categories: [{ id: 'amount', name: 'amount', careCost: '0' }],
  });
}
