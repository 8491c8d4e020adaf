/**
 * The annual price review (Birmingham commissioning strategy, price review methodology),
 * effective 1 April:
 *   hotel cost × (1 + year-on-year change in CPIH)
 *   care cost  × (1 + the greater of the year-on-year change in the NLW or the local care wage)
 * Each new rate is published in pounds and pence, so each is rounded once, with the card's
 * rounding mode; the next year's review starts from those published figures, which is how
 * uplifts compound.
 *
 * The methodology covers the council's fee (hotel and care costs) only: quality percentages
 * stay as they are and CHC tiers, which the NHS prices, are carried over unchanged.
 */
import { z } from 'zod';
import { CareFeeError, invalid, notAllowed, type ErrorPath } from './errors';
import { Decimal, formatPounds, roundPence, toRate, type RoundingMode } from './money';
import { financialYearStart } from './dates';
import { reviewDate } from './indices';
import { parseRateCard, zodToCareFeeError, type RateCard } from './rateCard';

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
  })
  .strict();

export type UpliftInput = z.input<typeof upliftInputSchema>;

/** Check the shape of a review request, or throw a CareFeeError naming the bad field. */
export function parseUpliftInput(input: unknown): UpliftInput {
  const result = upliftInputSchema.safeParse(input);
  if (!result.success) throw zodToCareFeeError(result.error);
  return result.data;
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

function toChange(input: unknown, what: string, path: ErrorPath): Decimal {
  const change = toRate(input, what, path);
  if (change.gt(MAX_CHANGE)) {
    throw invalid(`${what} must be a decimal fraction (0.031 for 3.1%), got ${input}`, path);
  }
  return change;
}

function uplifted(amount: string, change: Decimal, mode: RoundingMode): string {
  return formatPounds(roundPence(new Decimal(amount).times(change.plus(1)), mode));
}

/** "2024/25" for the financial year starting 1 April 2024. */
export function financialYearLabel(startYear: number): string {
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`;
}

/** The card's title for the new year: its financial-year label moved on, or the label added. */
function retitle(title: string, fromYear: number, toYear: number): string {
  const old = financialYearLabel(fromYear);
  const next = financialYearLabel(toYear);
  return title.includes(old) ? title.replace(old, next) : `${title} (${next})`;
}

/**
 * Apply one annual price review to a card. Returns the next version of the card, in force from
 * 1 April of the review year with no end date, and every published amount before and after.
 */
export function upliftCard(card: RateCard, input: UpliftInput): UpliftResult {
  const effectiveFrom = reviewDate(input.reviewYear);
  if (effectiveFrom <= card.effectiveFrom) {
    throw notAllowed(
      `a ${input.reviewYear} review takes effect on ${effectiveFrom}, which is not after the card's start (${card.effectiveFrom})`,
      ['reviewYear'],
    );
  }
  const hotelChange = toChange(input.cpihChange, 'cpihChange', ['cpihChange']);
  const nlwChange = toChange(input.nlwChange, 'nlwChange', ['nlwChange']);
  const hasLocal =
    input.localWageChange !== undefined &&
    input.localWageChange !== null &&
    input.localWageChange !== '';
  const localChange = hasLocal
    ? toChange(input.localWageChange, 'localWageChange', ['localWageChange'])
    : null;
  // "whichever is the greatest": a tie goes to the NLW, the national measure.
  const localWins = localChange !== null && localChange.gt(nlwChange);
  const careChange = localWins ? localChange : nlwChange;
  const mode = card.rounding;

  const lines: UpliftLine[] = [];
  const move = (
    path: UpliftLine['path'],
    label: string,
    before: string,
    change: Decimal,
  ): string => {
    const after = uplifted(before, change, mode);
    lines.push({ path, label, before, after, rate: change.toString() });
    return after;
  };

  const hotelCost = move(['hotelCost'], 'hotel cost', card.hotelCost, hotelChange);
  const categories = card.categories.map((category, i) => {
    if (category.bands) {
      const bands = category.bands.map((band, j) => ({
        ...band,
        careCost: move(
          ['categories', i, 'bands', j, 'careCost'],
          `care cost: ${category.name} band ${band.id}`,
          band.careCost,
          careChange,
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
        careChange,
      ),
    };
  });

  const fromYear = Number(financialYearStart(card.effectiveFrom).slice(0, 4));
  const next = {
    ...card,
    version: card.version + 1,
    title: retitle(card.title, fromYear, input.reviewYear),
    effectiveFrom,
    effectiveTo: null,
    hotelCost,
    categories,
    ...(card.localCareWage && localChange !== null
      ? {
          localCareWage: {
            ...card.localCareWage,
            hourlyRate: move(
              ['localCareWage', 'hourlyRate'],
              `local care wage: ${card.localCareWage.name}`,
              card.localCareWage.hourlyRate,
              localChange,
            ),
            effectiveFrom,
          },
        }
      : {}),
  };
  return {
    // Re-validated: the result is a card like any other, and the schema is the one definition.
    card: parseRateCard(next),
    effectiveFrom,
    hotelChange: hotelChange.toString(),
    careChange: careChange.toString(),
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
  reviews: ReadonlyArray<UpliftInput>,
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
