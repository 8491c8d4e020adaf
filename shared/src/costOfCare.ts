/**
 * The fair cost of care (Kernow commissioning intentions; Birmingham fee methodology): the
 * weekly cost of a care-home resident built up from a provider's open-book return, and the
 * spread of many providers' returns.
 *
 * Build-up, per resident per week:
 *   care staff       = care hours per resident × hourly pay × (1 + on-costs)      care
 *   nursing staff    = nursing hours per resident × hourly pay × (1 + on-costs)   care
 *   food, utilities, premises, management, other (as returned)                  hotel
 *   return on operations = rate × operating costs, split in proportion:
 *       care part  = rate × (care staff + nursing staff)                         care
 *       hotel part = rate × non-staff costs                                      hotel
 *   return on capital = capital value per bed × annual rate ÷ 52 ÷ occupancy      hotel
 *
 * Staff hours and non-staff costs are returned per resident (occupied bed), so they already
 * carry the home's occupancy; capital is per registered bed, so occupancy spreads it over the
 * residents (an empty bed earns nothing). Each published line is rounded to pence, half up,
 * once, from exact values; the care, hotel and total figures are sums of the published lines,
 * so the published figures always add up.
 *
 * Spread: for each line and total, the lower quartile, median and upper quartile of the
 * providers' published figures, by the same linear interpolation as Excel's QUARTILE.INC
 * (position (n − 1) × p in the sorted list), rounded to pence half up.
 */
import { z } from 'zod';
import { invalid } from './errors';
import { Decimal, formatPounds, roundPence, toDecimal } from './money';
import { moneySchema, zodToCareFeeError } from './rateCard';

const numeric = z.union([z.string(), z.number()]);

/** An exact decimal within [min, max] (max optional), output as canonical text. */
export const decimalSchema = (
  what: string,
  min: { value: number; inclusive: boolean },
  max?: number,
) =>
  numeric.transform((value, ctx) => {
    try {
      const d = toDecimal(value, what);
      if (min.inclusive ? d.lt(min.value) : d.lte(min.value)) {
        ctx.addIssue({
          code: 'custom',
          message: `${what} must be ${min.inclusive ? 'at least' : 'more than'} ${min.value}, got ${value}`,
        });
        return z.NEVER;
      }
      if (max !== undefined && d.gt(max)) {
        ctx.addIssue({ code: 'custom', message: `${what} must be at most ${max}, got ${value}` });
        return z.NEVER;
      }
      return d.toString();
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
      return z.NEVER;
    }
  });

const atLeastZero = { value: 0, inclusive: true };
const hoursSchema = (what: string) => decimalSchema(what, atLeastZero, 168);
const fractionSchema = (what: string) => decimalSchema(what, atLeastZero);

export const nonStaffCostsSchema = z
  .object({
    food: moneySchema.default('0.00'),
    utilities: moneySchema.default('0.00'),
    premises: moneySchema.default('0.00'),
    management: moneySchema.default('0.00'),
    other: moneySchema.default('0.00'),
  })
  .strict();

export const costOfCareInputSchema = z
  .object({
    /** Whose return this is, for the survey lists. */
    provider: z.string().max(200).optional(),
    careHoursPerResidentWeek: hoursSchema('careHoursPerResidentWeek'),
    careHourlyPay: moneySchema,
    nursingHoursPerResidentWeek: hoursSchema('nursingHoursPerResidentWeek').default('0'),
    nursingHourlyPay: moneySchema.optional(),
    /** Employer's on-costs (NI, pension, holiday, training) as a fraction of pay: 0.2 = 20%. */
    onCosts: fractionSchema('onCosts'),
    /** Non-staff costs per resident per week. */
    nonStaff: nonStaffCostsSchema.default({
      food: '0.00',
      utilities: '0.00',
      premises: '0.00',
      management: '0.00',
      other: '0.00',
    }),
    /** Return on operations as a fraction of operating costs: 0.05 = 5%. */
    returnOnOperations: fractionSchema('returnOnOperations').default('0'),
    capitalValuePerBed: moneySchema.default('0.00'),
    /** Annual return on capital as a fraction: 0.06 = 6% a year. */
    returnOnCapital: fractionSchema('returnOnCapital').default('0'),
    /** Expected occupancy, a fraction more than 0 and at most 1: 0.9 = 90%. */
    occupancy: decimalSchema('occupancy', { value: 0, inclusive: false }, 1),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (
      new Decimal(input.nursingHoursPerResidentWeek).gt(0) &&
      input.nursingHourlyPay === undefined
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['nursingHourlyPay'],
        message: 'nursingHourlyPay is needed when there are nursing hours',
      });
    }
  });

export type CostOfCareInput = z.input<typeof costOfCareInputSchema>;

/** Every published line, and which part of the fee it belongs to. */
export const COST_OF_CARE_LINES = [
  { id: 'careStaff', part: 'care' },
  { id: 'nursingStaff', part: 'care' },
  { id: 'careReturnOnOperations', part: 'care' },
  { id: 'food', part: 'hotel' },
  { id: 'utilities', part: 'hotel' },
  { id: 'premises', part: 'hotel' },
  { id: 'management', part: 'hotel' },
  { id: 'other', part: 'hotel' },
  { id: 'hotelReturnOnOperations', part: 'hotel' },
  { id: 'returnOnCapital', part: 'hotel' },
] as const;
export type CostOfCareLine = (typeof COST_OF_CARE_LINES)[number]['id'];
export type CostOfCareFigure = CostOfCareLine | 'care' | 'hotel' | 'total';

export interface CostOfCareResult {
  provider?: string;
  /** Each line in pounds and pence per resident per week. */
  lines: Record<CostOfCareLine, string>;
  /** Sum of the care lines. */
  care: string;
  /** Sum of the hotel lines. */
  hotel: string;
  total: string;
}

const WEEKS_A_YEAR = 52;

/** One provider's cost per resident per week, split into care and hotel. */
export function costOfCare(input: CostOfCareInput): CostOfCareResult {
  const parsed = costOfCareInputSchema.safeParse(input);
  if (!parsed.success) throw zodToCareFeeError(parsed.error);
  return buildUp(parsed.data);
}

function buildUp(i: z.output<typeof costOfCareInputSchema>): CostOfCareResult {
  const onCosts = new Decimal(i.onCosts).plus(1);
  const careStaff = new Decimal(i.careHoursPerResidentWeek).times(i.careHourlyPay).times(onCosts);
  const nursingStaff = new Decimal(i.nursingHoursPerResidentWeek)
    .times(i.nursingHourlyPay ?? '0')
    .times(onCosts);
  const nonStaff = Object.values(i.nonStaff).reduce((sum, v) => sum.plus(v), new Decimal(0));
  const roo = new Decimal(i.returnOnOperations);
  const exact: Record<CostOfCareLine, Decimal> = {
    careStaff,
    nursingStaff,
    careReturnOnOperations: careStaff.plus(nursingStaff).times(roo),
    food: new Decimal(i.nonStaff.food),
    utilities: new Decimal(i.nonStaff.utilities),
    premises: new Decimal(i.nonStaff.premises),
    management: new Decimal(i.nonStaff.management),
    other: new Decimal(i.nonStaff.other),
    hotelReturnOnOperations: nonStaff.times(roo),
    returnOnCapital: new Decimal(i.capitalValuePerBed)
      .times(i.returnOnCapital)
      .div(WEEKS_A_YEAR)
      .div(i.occupancy),
  };
  const lines = {} as Record<CostOfCareLine, string>;
  let care = new Decimal(0);
  let hotel = new Decimal(0);
  for (const { id, part } of COST_OF_CARE_LINES) {
    const published = roundPence(exact[id]);
    lines[id] = formatPounds(published);
    if (part === 'care') care = care.plus(published);
    else hotel = hotel.plus(published);
  }
  return {
    ...(i.provider !== undefined ? { provider: i.provider } : {}),
    lines,
    care: formatPounds(care),
    hotel: formatPounds(hotel),
    total: formatPounds(care.plus(hotel)),
  };
}

// ---------------------------------------------------------------------------------------------
// Quartiles.

export interface Quartiles {
  lowerQuartile: Decimal;
  median: Decimal;
  upperQuartile: Decimal;
}

/**
 * The p-th quantile (0 ≤ p ≤ 1) of values already sorted ascending, as Excel's QUARTILE.INC and
 * PERCENTILE.INC: position h = (n − 1) × p, interpolated linearly between its neighbours. Exact.
 */
export function quantileInc(sorted: readonly Decimal[], p: string | number): Decimal {
  if (sorted.length === 0)
    throw invalid('there must be at least one value to take a quartile of', ['values']);
  const h = new Decimal(sorted.length - 1).times(p);
  const lo = h.floor().toNumber();
  const below = sorted[lo]!;
  const above = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  return below.plus(h.minus(lo).times(above.minus(below)));
}

/** Lower quartile, median and upper quartile (QUARTILE.INC 1, 2, 3), exact. */
export function quartiles(values: ReadonlyArray<string | number | Decimal>): Quartiles {
  const sorted = values
    .map((v, i) => toDecimal(v, `value ${i + 1}`, ['values', i]))
    .sort((a, b) => a.comparedTo(b));
  return {
    lowerQuartile: quantileInc(sorted, '0.25'),
    median: quantileInc(sorted, '0.5'),
    upperQuartile: quantileInc(sorted, '0.75'),
  };
}

export interface QuartileFigures {
  lowerQuartile: string;
  median: string;
  upperQuartile: string;
}

export interface CostOfCareSurvey {
  /** How many returns were summarised. */
  returns: number;
  /** Each provider's build-up, in the order given. */
  providers: CostOfCareResult[];
  /** Quartiles of each published line and of the care, hotel and total figures. */
  quartiles: Record<CostOfCareFigure, QuartileFigures>;
}

export const costOfCareSurveySchema = z.array(costOfCareInputSchema).min(1).max(10_000);

/** Many providers' returns: each build-up, and the quartiles of every line across them. */
export function costOfCareQuartiles(returns: CostOfCareInput[]): CostOfCareSurvey {
  const parsed = costOfCareSurveySchema.safeParse(returns);
  if (!parsed.success) throw zodToCareFeeError(parsed.error, ['returns']);
  const providers = parsed.data.map(buildUp);
  const figures: CostOfCareFigure[] = [
    ...COST_OF_CARE_LINES.map((l) => l.id),
    'care',
    'hotel',
    'total',
  ];
  const out = {} as Record<CostOfCareFigure, QuartileFigures>;
  for (const figure of figures) {
    const q = quartiles(
      providers.map((p) =>
        figure === 'care' || figure === 'hotel' || figure === 'total' ? p[figure] : p.lines[figure],
      ),
    );
    out[figure] = {
      lowerQuartile: formatPounds(roundPence(q.lowerQuartile)),
      median: formatPounds(roundPence(q.median)),
      upperQuartile: formatPounds(roundPence(q.upperQuartile)),
    };
  }
  return { returns: providers.length, providers, quartiles: out };
}
