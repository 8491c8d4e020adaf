/**
 * The annual price review (Birmingham commissioning strategy, price review methodology),
 * effective 1 April:
 *   hotel cost × (1 + year-on-year change in CPIH)
 *   care cost  × (1 + the greater of the year-on-year change in the NLW or the local care wage)
 * Each new rate is published in pounds and pence, so each is rounded once, with the card's
 * rounding mode; the next year's review starts from those published figures, which is how
 * uplifts compound.
 *
 * Care-cost amounts are care cost: every category and band, and the CHC tier amounts on the
 * card (a fixed tier's weekly fee; a staffed tier's base fee and staff hourly rate) move by
 * the care change. Quality percentages are percentages and stay as they are.
 *
 * A change is a decimal fraction ("0.109" = 10.9%), or the two index values it comes from
 * ({ from: "11.44", to: "12.21" }): then the new amount is amount × to ÷ from, the division
 * last, so a rise computed from a series is applied exactly rather than through a decimal
 * approximation of the ratio.
 */
import { z } from 'zod';
import { CareFeeError, invalid, notAllowed, type ErrorPath } from './errors';
import {
  Decimal,
  formatPounds,
  mulDivPence,
  toDecimal,
  toMoney,
  toPercent,
  toRate,
  type RoundingMode,
} from './money';
import { financialYearStart } from './dates';
import { changeBetween, findSeries, reviewDate, type ExtraSeries } from './indices';
import { parseRateCard, zodToCareFeeError, type RateCard } from './rateCard';
import { diffCards, type CardDiff } from './diff';

const changeInput = z.union([z.string(), z.number()]);

/**
 * The body of a price review request, as the service and the add-in receive it. The shape
 * only: `upliftCard` checks the values (a decimal fraction, above −100%, at most 100%) and
 * names the one that is wrong.
 */
export const upliftInputSchema = z
  .object({
    /** The review takes effect on 1 April of this year. */
    reviewYear: z.number().int(),
    /** Year-on-year change in CPIH as a decimal fraction ("0.031" = 3.1%). */
    cpihChange: changeInput,
    /** Year-on-year change in the National Living Wage. */
    nlwChange: changeInput,
    /** Year-on-year change in the local care wage (e.g. the Birmingham Care Wage), where there is one. */
    localWageChange: changeInput.nullable().optional(),
    /**
     * Which changes are the user's own forecasts rather than published figures (a year whose
     * index is not yet published): the draft card's notes name them as assumptions.
     */
    assumed: z
      .array(z.enum(['cpihChange', 'nlwChange', 'localWageChange']))
      .max(3)
      .optional(),
  })
  .strict();

export type UpliftInput = z.input<typeof upliftInputSchema>;

/** Check the shape of a review request, or throw a CareFeeError naming the bad field. */
export function parseUpliftInput(input: unknown): UpliftInput {
  const result = upliftInputSchema.safeParse(input);
  if (!result.success) throw zodToCareFeeError(result.error);
  return result.data;
}

/** Two index values a change comes from: the change is to ÷ from − 1, applied exactly. */
export interface IndexRatio {
  from: string | number;
  to: string | number;
}

/** A change as a decimal fraction, or as the two index values it comes from. */
export type ChangeInput = string | number | IndexRatio;

/** A review whose changes may also be index ratios (what `reviewFromSeries` returns). */
export interface PriceReview {
  reviewYear: number;
  cpihChange: ChangeInput;
  nlwChange: ChangeInput;
  localWageChange?: ChangeInput | null;
  /** Changes that are the user's forecasts, not published figures (named in the notes). */
  assumed?: readonly ('cpihChange' | 'nlwChange' | 'localWageChange')[];
}

/** One published amount before and after the review. */
export interface UpliftLine {
  path: ReadonlyArray<string | number>;
  /** What the line is, in words: "hotel cost", "care cost: Learning disability band 2". */
  label: string;
  before: string;
  after: string;
  /** The change applied, as a decimal fraction. */
  rate: string;
}

export interface UpliftResult {
  card: RateCard;
  /** The new card against the one reviewed, row by row. */
  diff: CardDiff;
  /** When the new rates take effect: 1 April of the review year. */
  effectiveFrom: string;
  hotelChange: string;
  /** The care cost change actually applied: the greater of the NLW and local wage changes. */
  careChange: string;
  /** Which wage measure set the care change. */
  careChangeBasis: 'nlw' | 'local-care-wage';
  lines: UpliftLine[];
}

/**
 * A year-on-year change above 100% is not a rate rise any index has published; it is nearly
 * always a percentage typed as a whole number (3.1 for 3.1%), which would price a fee at four
 * times its value. Refuse it rather than publish a wrong number.
 */
const MAX_CHANGE = new Decimal(1);

/** A change as the exact fraction (1 + change) = num ÷ den. */
interface Factor {
  num: Decimal;
  den: Decimal;
  /** The change as a decimal fraction, for display: exact, or 40 significant digits of a ratio. */
  text: string;
}

function toFactor(input: unknown, what: string, path: ErrorPath): Factor {
  let factor: Factor;
  if (typeof input === 'object' && input !== null && !(input instanceof Decimal)) {
    const { from, to } = input as Partial<IndexRatio>;
    const old = toDecimal(from, `${what}.from`, [...path, 'from']);
    const now = toDecimal(to, `${what}.to`, [...path, 'to']);
    if (!old.gt(0))
      throw invalid(`${what}.from must be an index value greater than 0, got ${String(from)}`, [
        ...path,
        'from',
      ]);
    if (!now.gt(0))
      throw invalid(`${what}.to must be an index value greater than 0, got ${String(to)}`, [
        ...path,
        'to',
      ]);
    factor = { num: now, den: old, text: now.minus(old).div(old).toString() };
  } else {
    const change = toRate(input, what, path);
    factor = { num: change.plus(1), den: new Decimal(1), text: change.toString() };
  }
  if (factor.num.gt(factor.den.times(MAX_CHANGE.plus(1)))) {
    throw invalid(
      `${what} must be a decimal fraction (0.031 for 3.1%) of at most 1, got ${factor.text}`,
      path,
    );
  }
  return factor;
}

function applyFactor(amount: Decimal, factor: Factor, mode: RoundingMode): string {
  return formatPounds(mulDivPence(amount, factor.num, factor.den, mode));
}

/**
 * One amount after a change: round_pence(amount × (1 + change)), or with an index ratio
 * round_pence(amount × to ÷ from). E.g. 348.43 at +10.9% = 386.40887 → "386.41".
 */
export function upliftAmount(
  amount: string | number,
  change: ChangeInput,
  rounding: RoundingMode = 'half-up',
): string {
  const value = toMoney(amount, 'amount', ['amount']);
  return applyFactor(value, toFactor(change, 'change', ['change']), rounding);
}

/** The greater of two changes, compared exactly (num₁ × den₂ against num₂ × den₁). */
function greater(a: Factor, b: Factor): boolean {
  return a.num.times(b.den).gt(b.num.times(a.den));
}

/**
 * The care cost change: the greater of the NLW change and the local care wage change, where
 * there is one ("whichever is the greatest"; a tie goes to the NLW, the national measure).
 * Returned as a decimal fraction (unrounded; 40 significant digits for an index ratio).
 */
export function careChange(nlw: ChangeInput, local?: ChangeInput | null): string {
  const n = toFactor(nlw, 'nlwChange', ['nlwChange']);
  if (local === undefined || local === null || local === '') return n.text;
  const l = toFactor(local, 'localWageChange', ['localWageChange']);
  return greater(l, n) ? l.text : n.text;
}

/** "2024/25" for the financial year starting 1 April 2024. */
export function financialYearLabel(startYear: number): string {
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`;
}

/** The card's title for the new year: its financial-year label moved on, or the label added. */
function retitle(title: string, fromYear: number, toYear: number): string {
  const old = financialYearLabel(fromYear);
  const next = financialYearLabel(toYear);
  const text = title.includes(old)
    ? title.replace(old, next)
    : title.includes(next)
      ? title
      : `${title} (${next})`;
  return text.length <= 200 ? text : `${text.slice(0, 200 - next.length - 3)} (${next})`;
}

const percentText = (fraction: string) => `${toPercent(fraction).toString()}%`;

const ASSUMED_LABELS = { cpihChange: 'CPIH', nlwChange: 'NLW', localWageChange: 'local care wage' };

/** " Assumptions, not published figures: CPIH 3%, NLW 4.1%." (nothing when none were assumed). */
function assumedText(
  assumed: readonly (keyof typeof ASSUMED_LABELS)[],
  factors: Record<keyof typeof ASSUMED_LABELS, Factor | null>,
): string {
  const named = [...new Set(assumed)]
    .filter((field) => factors[field] !== null)
    .map((field) => `${ASSUMED_LABELS[field]} ${percentText(factors[field]!.text)}`);
  return named.length ? ` Assumptions, not published figures: ${named.join(', ')}.` : '';
}

/**
 * Apply one annual price review to a card. Returns the next version of the card (a draft:
 * version + 1, in force from 1 April of the review year, no end date, title and notes saying
 * so), every published amount before and after, and the diff against the card reviewed.
 */
export function upliftCard(card: RateCard, input: PriceReview): UpliftResult {
  const effectiveFrom = reviewDate(input.reviewYear);
  if (effectiveFrom <= card.effectiveFrom) {
    throw notAllowed(
      `a ${input.reviewYear} review takes effect on ${effectiveFrom}, which is not after the card's start (${card.effectiveFrom})`,
      ['reviewYear'],
    );
  }
  const hotel = toFactor(input.cpihChange, 'cpihChange', ['cpihChange']);
  const nlw = toFactor(input.nlwChange, 'nlwChange', ['nlwChange']);
  const hasLocal =
    input.localWageChange !== undefined &&
    input.localWageChange !== null &&
    input.localWageChange !== '';
  const local = hasLocal
    ? toFactor(input.localWageChange, 'localWageChange', ['localWageChange'])
    : null;
  // "whichever is the greatest": a tie goes to the NLW, the national measure.
  const localWins = local !== null && greater(local, nlw);
  const care = localWins ? local : nlw;
  const mode = card.rounding;

  const lines: UpliftLine[] = [];
  const move = (
    path: UpliftLine['path'],
    label: string,
    before: string,
    factor: Factor,
  ): string => {
    const after = applyFactor(new Decimal(before), factor, mode);
    lines.push({ path, label, before, after, rate: factor.text });
    return after;
  };

  const hotelCost = move(['hotelCost'], 'hotel cost', card.hotelCost, hotel);
  const categories = card.categories.map((category, i) => {
    if (category.bands) {
      const bands = category.bands.map((band, j) => ({
        ...band,
        careCost: move(
          ['categories', i, 'bands', j, 'careCost'],
          `care cost: ${category.name} band ${band.id}`,
          band.careCost,
          care,
        ),
      }));
      return { ...category, bands };
    }
    return {
      ...category,
      careCost: move(
        ['categories', i, 'careCost'],
        `care cost: ${category.name}`,
        category.careCost!,
        care,
      ),
    };
  });
  const chcTiers = card.chcTiers?.map((tier, i) =>
    tier.kind === 'fixed'
      ? {
          ...tier,
          weeklyFee: move(
            ['chcTiers', i, 'weeklyFee'],
            `CHC tier: ${tier.name} weekly fee`,
            tier.weeklyFee,
            care,
          ),
        }
      : {
          ...tier,
          baseWeeklyFee: move(
            ['chcTiers', i, 'baseWeeklyFee'],
            `CHC tier: ${tier.name} base weekly fee`,
            tier.baseWeeklyFee,
            care,
          ),
          staffing: {
            ...tier.staffing,
            hourlyRate: move(
              ['chcTiers', i, 'staffing', 'hourlyRate'],
              `CHC tier: ${tier.name} staff hourly rate`,
              tier.staffing.hourlyRate,
              care,
            ),
          },
        },
  );

  const fromYear = Number(financialYearStart(card.effectiveFrom).slice(0, 4));
  const basis = localWins ? 'local care wage' : 'NLW';
  const note =
    `Price review ${financialYearLabel(input.reviewYear)} from version ${card.version}, effective ${effectiveFrom}: ` +
    `hotel cost ${percentText(hotel.text)} (CPIH), care costs ${percentText(care.text)} (${basis}).` +
    assumedText(input.assumed ?? [], { cpihChange: hotel, nlwChange: nlw, localWageChange: local });
  const notes = card.notes ? `${note}\n${card.notes}` : note;
  const next = {
    ...card,
    version: card.version + 1,
    title: retitle(card.title, fromYear, input.reviewYear),
    effectiveFrom,
    effectiveTo: null,
    hotelCost,
    categories,
    ...(chcTiers ? { chcTiers } : {}),
    ...(card.localCareWage && local !== null
      ? {
          localCareWage: {
            ...card.localCareWage,
            hourlyRate: move(
              ['localCareWage', 'hourlyRate'],
              `local care wage: ${card.localCareWage.name}`,
              card.localCareWage.hourlyRate,
              local,
            ),
            effectiveFrom,
          },
        }
      : {}),
    notes: notes.length <= 10_000 ? notes : notes.slice(0, 10_000),
  };
  // Re-validated: the result is a card like any other, and the schema is the one definition.
  const uplifted = parseRateCard(next);
  return {
    card: uplifted,
    diff: diffCards(card, uplifted),
    effectiveFrom,
    hotelChange: hotel.text,
    careChange: care.text,
    careChangeBasis: localWins ? 'local-care-wage' : 'nlw',
    lines,
  };
}

/**
 * Several annual reviews in a row, each starting from the pence the last one published.
 * Reviews must be in year order; returns each year's result, the last card being the newest.
 */
export function upliftOverYears(
  card: RateCard,
  reviews: ReadonlyArray<PriceReview>,
): UpliftResult[] {
  if (reviews.length === 0) throw invalid('give at least one annual review', ['reviews']);
  const results: UpliftResult[] = [];
  let current = card;
  reviews.forEach((review, i) => {
    try {
      const result = upliftCard(current, review);
      results.push(result);
      current = result.card;
    } catch (e) {
      // Say which review in the list was wrong.
      if (e instanceof CareFeeError)
        throw new CareFeeError(e.code, `review ${i + 1}: ${e.message}`, ['reviews', i, ...e.path]);
      throw e;
    }
  });
  return results;
}

/**
 * The changes for a review from the reference series (and an organisation's `extra` series):
 * CPIH's September rate before the review, and the NLW (and local care wage series, if named)
 * as exact ratios of the values in force on 1 April of the year before and of the review year.
 */
export function reviewFromSeries(
  reviewYear: number,
  options: { localWageSeries?: string; extra?: readonly ExtraSeries[] } = {},
): PriceReview {
  const to = reviewDate(reviewYear);
  const from = reviewDate(reviewYear - 1);
  const extra = options.extra ?? [];
  // A level series (a wage an hour) gives its exact ratio; a rate series its rate as a fraction.
  const change = (id: string): ChangeInput => {
    const c = changeBetween(findSeries(id, extra), from, to, null);
    return c.fromValue !== null && findSeries(id, extra).unit !== 'percent'
      ? { from: c.fromValue, to: c.toValue }
      : c.change;
  };
  const cpih = findSeries('cpih', extra);
  if (cpih.unit !== 'percent') throw invalid('the CPIH series must be in percent', ['extra']);
  return {
    reviewYear,
    cpihChange: changeBetween(cpih, from, to, null).change,
    nlwChange: change('nlw'),
    ...(options.localWageSeries ? { localWageChange: change(options.localWageSeries) } : {}),
  };
}
